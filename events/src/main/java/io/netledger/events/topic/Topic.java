package io.netledger.events.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One topic of the log: its name, its value type, how it is laid out and kept, and who writes it.
 * Keys are always UTF-8 strings (their shape is in {@link #keyShape}); values are Avro records in
 * Confluent wire format, registered under the subject {@code <name>-value}.
 *
 * <p>Instances live only in {@link Topics}: a topic name is never spelled anywhere else.
 */
public record Topic<V extends SpecificRecord>(
    String name,
    Class<V> valueType,
    String keyShape,
    int partitions,
    Map<String, String> configs,
    Writer writer,
    String purpose) {

  public Topic {
    Objects.requireNonNull(name);
    Objects.requireNonNull(valueType);
    configs = Map.copyOf(configs);
  }

  /** The Avro schema of the values (the generated class's own). */
  public Schema valueSchema() {
    try {
      return (Schema) valueType.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(valueType + " is not a generated Avro class", e);
    }
  }

  /** Registry subject of the values (Confluent's TopicNameStrategy). */
  public String valueSubject() {
    return name + "-value";
  }

  /** The configs this topic is created with on a cluster of the given replication. */
  public Map<String, String> configs(Replication replication) {
    Map<String, String> all = new java.util.HashMap<>(configs);
    all.putAll(replication.configs());
    return Map.copyOf(all);
  }

  /** What an Admin creates: partitions, replication factor and configs. */
  public NewTopic newTopic(Replication replication) {
    return new NewTopic(name, partitions, replication.factor()).configs(configs(replication));
  }

  /** True for derived views that keep only the latest value per key. */
  public boolean compacted() {
    return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
  }
}
