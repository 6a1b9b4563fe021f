package io.netledger.events.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A {@link SchemaRegistry} in memory, for {@code TopologyTestDriver} and unit tests.
 *
 * <p>Behaves like the real one where a test can notice: one global id per distinct schema
 * (the same schema under two subjects gets one id), ids start at 1, every subject applies the
 * BACKWARD rule (the new schema must read data written with the latest version; 409 otherwise),
 * unknown subjects and ids answer 404 with Confluent's error codes. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
  private final String name;
  private final Map<Schema, Integer> ids = new HashMap<>();
  private final List<Schema> schemas = new ArrayList<>();
  private final Map<String, List<Schema>> subjects = new HashMap<>();

  public InMemorySchemaRegistry() {
    this("test");
  }

  /** @param name shows in error messages as {@code mock://<name>}, like a URL would */
  public InMemorySchemaRegistry(String name) {
    this.name = name;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Schema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(schema)) {
      if (!versions.isEmpty() && !readsLatest(versions, schema)) {
        throw new SchemaRegistryException("registry refused to register schema under subject " + subject,
            409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\"", url("/subjects/" + subject + "/versions"), null);
      }
      versions.add(schema);
    }
    return idOf(schema);
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    List<Schema> versions = subjects.get(subject);
    if (versions == null) {
      throw new SchemaRegistryException("registry refused to look up schema under subject " + subject,
          404, 40401, "Subject '" + subject + "' not found.", url("/subjects/" + subject), null);
    }
    if (!versions.contains(schema)) {
      throw new SchemaRegistryException("registry refused to look up schema under subject " + subject,
          404, 40403, "Schema not found", url("/subjects/" + subject), null);
    }
    return ids.get(schema);
  }

  @Override
  public synchronized Schema byId(int id) {
    if (id < 1 || id > schemas.size()) {
      throw new SchemaRegistryException("registry refused to fetch schema id " + id,
          404, 40403, "Schema " + id + " not found", url("/schemas/ids/" + id), null);
    }
    return schemas.get(id - 1);
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<Schema> versions = subjects.get(subject);
    return versions == null || versions.isEmpty() || readsLatest(versions, schema);
  }

  /** The subjects registered so far with their versions, oldest first (a copy). */
  public synchronized Map<String, List<Schema>> subjects() {
    Map<String, List<Schema>> copy = new HashMap<>();
    subjects.forEach((s, v) -> copy.put(s, List.copyOf(v)));
    return copy;
  }

  private static boolean readsLatest(List<Schema> versions, Schema reader) {
    Schema latest = versions.get(versions.size() - 1);
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, latest).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  private int idOf(Schema schema) {
    return ids.computeIfAbsent(schema, s -> {
      schemas.add(s);
      return schemas.size();
    });
  }

  private String url(String path) {
    return "mock://" + name + path;
  }

  @Override
  public String toString() {
    return "InMemorySchemaRegistry[" + name + "]";
  }
}
