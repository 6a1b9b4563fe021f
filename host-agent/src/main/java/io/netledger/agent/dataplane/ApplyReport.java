package io.netledger.agent.dataplane;

import io.netledger.agent.kernel.Change;
import io.netledger.agent.kernel.FdbEntry;
import io.netledger.agent.kernel.KernelObject;
import io.netledger.agent.kernel.Namespace;
import io.netledger.agent.kernel.Route;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one {@code apply()} did: kernel changes made, objects that failed (they stay dirty and are
 * retried), deletions held back because the agent is not caught up yet, slices the calculation
 * could not program, and the container namespaces that hold everything wanted of them (applied
 * without error, now or by an earlier apply that nothing changed since). Feeds agent-status and
 * the CNI door.
 */
public record ApplyReport(int changes, List<ObjectError> errors, int deferredDeletes, List<String> problems,
    Set<Namespace> programmed) {
  public static final ApplyReport NOTHING = new ApplyReport(0, List.of(), 0, List.of(), Set.of());

  public ApplyReport {
    errors = List.copyOf(errors);
    problems = List.copyOf(problems);
    programmed = Set.copyOf(programmed);
  }

  /** One object that could not be programmed, with where and why. */
  public record ObjectError(Namespace namespace, Change change, String message) {
    @Override
    public String toString() {
      return namespace + ": " + change + ": " + message;
    }

    /** As agent-status reports it: kind ("route"), id ("host table 100 10.42.0.0/26"), message. */
    public io.netledger.avro.ObjectError toAvro() {
      KernelObject o = change.object();
      String kind = o instanceof FdbEntry ? "fdb" : o.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      String key = o.key() instanceof List<?> parts
          ? parts.stream().map(String::valueOf).collect(Collectors.joining(" ")) : String.valueOf(o.key());
      if (o instanceof Route) {
        key = "table " + key;
      }
      return new io.netledger.avro.ObjectError(kind, namespace + " " + key, change.op() + ": " + message);
    }
  }

  /** The errors as agent-status carries them. */
  public List<io.netledger.avro.ObjectError> avroErrors() {
    return errors.stream().map(ObjectError::toAvro).toList();
  }

  public boolean clean() {
    return errors.isEmpty();
  }
}
