package io.netledger.schemas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The build's schema gate: every type in the current folder must read data written with the same
 * type in the released folder (BACKWARD, as the registry's global rule). A released type that
 * disappeared is also a break: its records are still on the topics.
 *
 * <p>Run by {@code mvn verify} in this module; {@link #check} is what the tests call.
 */
public final class CompatibilityGate {
  private CompatibilityGate() {}

  /** One problem, phrased for a person: which record, where in it, what. */
  public record Violation(String record, String location, String message) {
    @Override
    public String toString() {
      return record + " at " + location + ": " + message;
    }
  }

  public static List<Violation> check(Path released, Path current) {
    Map<String, Schema> old = SchemaDirectory.load(released);
    Map<String, Schema> now = SchemaDirectory.load(current);
    List<Violation> violations = new ArrayList<>();
    for (Map.Entry<String, Schema> e : old.entrySet()) {
      Schema reader = now.get(e.getKey());
      if (reader == null) {
        violations.add(new Violation(e.getKey(), "/", "released type was removed"));
        continue;
      }
      SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(reader, e.getValue());
      if (result.getType() == SchemaCompatibilityType.INCOMPATIBLE) {
        for (Incompatibility i : result.getResult().getIncompatibilities()) {
          violations.add(new Violation(e.getKey(), i.getLocation(),
              i.getType() + ": " + i.getMessage()));
        }
      }
    }
    return violations;
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: CompatibilityGate <released-dir> <current-dir>");
      System.exit(2);
    }
    List<Violation> violations = check(Path.of(args[0]), Path.of(args[1]));
    if (!violations.isEmpty()) {
      violations.forEach(v -> System.err.println("INCOMPATIBLE SCHEMA CHANGE: " + v));
      throw new IllegalStateException(violations.size()
          + " BACKWARD-incompatible schema change(s), first: " + violations.get(0));
    }
    System.out.println("schemas are BACKWARD compatible with " + args[0]);
  }
}
