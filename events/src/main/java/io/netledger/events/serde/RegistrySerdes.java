package io.netledger.events.serde;

import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.topic.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * One {@link AvroSerde} per topic, made once: a serde resolves and caches schemas and ids, so
 * building one per record (as a naive {@code valueSerde(topic)} would in a hot path) redoes that
 * work every time. Thread-safe. The production {@link TopicSerdes} of the stream apps.
 */
public final class RegistrySerdes implements TopicSerdes {
  private final SchemaRegistry registry;
  private final boolean autoRegister;
  private final Map<String, AvroSerde<?>> byTopic = new ConcurrentHashMap<>();

  public RegistrySerdes(SchemaRegistry registry, boolean autoRegister) {
    this.registry = registry;
    this.autoRegister = autoRegister;
  }

  @Override
  public <V extends SpecificRecord> AvroSerde<V> valueSerde(Topic<V> topic) {
    return forTopic(topic);
  }

  @SuppressWarnings("unchecked")
  public <V extends SpecificRecord> AvroSerde<V> forTopic(Topic<V> topic) {
    return (AvroSerde<V>) byTopic.computeIfAbsent(topic.name(), n -> AvroSerde.forTopic(topic, registry, autoRegister));
  }
}
