package io.netledger.events.serde;

import io.netledger.events.topic.Topic;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Where a topology gets its value serdes: the registry-backed Confluent-wire-format serde
 * ({@link RegistrySerdes}) in production, plain Avro binary ({@link AvroBinary#topicSerdes}) in
 * tests and tools. Injected so a topology does not depend on a registry being reachable. A serde
 * maps a null value to null bytes and back (tombstones).
 */
@FunctionalInterface
public interface TopicSerdes {
  <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic);

  /**
   * These serdes, with {@code topic}'s serializer first showing each value to {@code seen}: how
   * the stream apps count what they write (metrics by state or reason) without touching the
   * processors.
   */
  default TopicSerdes observing(Topic<?> topic, Consumer<Object> seen) {
    TopicSerdes base = this;
    return new TopicSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> t) {
        Serde<V> s = base.valueSerde(t);
        return t.name().equals(topic.name()) ? observed(s, seen) : s;
      }
    };
  }

  private static <V> Serde<V> observed(Serde<V> s, Consumer<Object> seen) {
    Serializer<V> inner = s.serializer();
    Serializer<V> outer = new Serializer<>() {
      @Override
      public byte[] serialize(String topic, V data) {
        seen.accept(data);
        return inner.serialize(topic, data);
      }

      @Override
      public byte[] serialize(String topic, Headers headers, V data) {
        seen.accept(data);
        return inner.serialize(topic, headers, data);
      }

      @Override
      public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
      }

      @Override
      public void close() {
        inner.close();
      }
    };
    return Serdes.serdeFrom(outer, s.deserializer());
  }
}
