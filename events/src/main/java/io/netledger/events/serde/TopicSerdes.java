package io.netledger.events.serde;

import io.netledger.events.topic.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where a topology gets its value serdes: the registry-backed Confluent-wire-format serde
 * ({@link RegistrySerdes#forTopic}) in production, plain Avro binary ({@link AvroBinary#topicSerdes})
 * in tests and tools. Injected so a topology does not depend on a registry being reachable. A
 * serde maps a null value to null bytes and back (tombstones).
 */
@FunctionalInterface
public interface TopicSerdes {
  <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic);
}
