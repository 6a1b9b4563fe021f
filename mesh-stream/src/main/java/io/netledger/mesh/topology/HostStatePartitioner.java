package io.netledger.mesh.topology;

import io.netledger.avro.HostStateSlice;
import io.netledger.events.topic.HostPartitioner;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends every host-state record to the partition of its host, {@link HostPartitioner} on the
 * hostId in front of the key ({@code <hostId>/<kind>/<id>}). The default partitioner would hash
 * the whole key and scatter one host's slices over all partitions; an agent reads only one.
 * Tombstones (null values) go by the key too, so they reach the same agent.
 */
public final class HostStatePartitioner implements StreamPartitioner<String, HostStateSlice> {
  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, HostStateSlice value, int numPartitions) {
    return Optional.of(Set.of(HostPartitioner.partitionFor(HostPartitioner.hostIdOf(key), numPartitions)));
  }
}
