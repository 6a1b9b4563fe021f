package io.netledger.events.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a host's state lives: the one function that both the mesh-stream (writing
 * {@link Topics#HOST_STATE}) and each agent (choosing the partition it reads) use. It hashes the
 * hostId alone, not the whole record key, so every slice of one host lands in one partition. It
 * is Kafka's own key hash (murmur2), so a record keyed by the bare hostId lands in the same place
 * with the default partitioner.
 */
public final class HostPartitioner {
  private HostPartitioner() {}

  public static int partitionFor(String hostId, int numPartitions) {
    if (numPartitions <= 0) {
      throw new IllegalArgumentException("numPartitions must be positive, was " + numPartitions);
    }
    byte[] bytes = hostId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(bytes)) % numPartitions;
  }

  /** The hostId of a host-state key {@code <hostId>/<kind>/<id>}. */
  public static String hostIdOf(String hostStateKey) {
    int slash = hostStateKey.indexOf('/');
    return slash < 0 ? hostStateKey : hostStateKey.substring(0, slash);
  }
}
