package io.netledger.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.SchemaParseException;

/**
 * Loads a folder of {@code .avsc} files, one named type per file, that refer to each other by
 * name. Avro's parser needs a referenced type to be defined before its user, and the files carry
 * no order, so parsing is retried until every file resolves (or no progress is made, which means
 * a reference is missing or circular).
 */
public final class SchemaDirectory {
  private SchemaDirectory() {}

  /** Every named type in the folder, by full name. */
  public static Map<String, Schema> load(Path dir) {
    List<Path> pending;
    try (Stream<Path> files = Files.list(dir)) {
      pending = new ArrayList<>(files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schemas in " + dir, e);
    }
    Map<String, Schema> known = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      List<Path> unresolved = new ArrayList<>();
      String lastError = null;
      for (Path file : pending) {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(known.values());
        try {
          Schema schema = parser.parse(Files.readString(file));
          known.put(schema.getFullName(), schema);
        } catch (AvroRuntimeException e) {
          unresolved.add(file);
          lastError = file.getFileName() + ": " + e.getMessage();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
      if (unresolved.size() == pending.size()) {
        throw new SchemaParseException("schemas in " + dir + " do not resolve: " + lastError);
      }
      pending = unresolved;
    }
    return known;
  }
}
