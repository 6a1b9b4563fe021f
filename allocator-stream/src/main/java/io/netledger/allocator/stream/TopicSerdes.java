package io.netledger.allocator.stream;

import io.netledger.events.topic.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where the topology gets its value serdes: the registry-backed serde of {@code events} in
 * production, a plain Avro-binary one in tests. A serde must map a null value to null bytes and
 * back (tombstones).
 */
@FunctionalInterface
public interface TopicSerdes {
  <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic);
}
