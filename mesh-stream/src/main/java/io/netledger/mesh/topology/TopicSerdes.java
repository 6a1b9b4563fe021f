package io.netledger.mesh.topology;

import io.netledger.events.topic.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where the topology gets its value serdes: the registry-backed Confluent-wire-format serde in
 * production, a plain Avro-binary one ({@link AvroBinary#serde}) in tests. Keys are always UTF-8
 * strings. Injected so the topology does not depend on a registry being reachable.
 */
@FunctionalInterface
public interface TopicSerdes {
  <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic);
}
