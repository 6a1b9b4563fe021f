package io.netledger.events.topic;

import java.util.Map;

/**
 * How many copies of each partition a topic keeps and how many must hold a write before it is
 * acknowledged, fitted to the cluster the topics are created on.
 *
 * <p>With {@code acks=all} (every netledger producer, Streams' EOS producers included) a write
 * is acknowledged once {@code min.insync.replicas} replicas hold it. On three or more brokers
 * that is 3 copies / 2 in sync: an acknowledged write survives the loss of any one broker, and
 * writes go on while one is down. On one dev broker 1/1 is all there is (it promises nothing
 * beyond that disk); two brokers get 2/1, which survives one loss of a copy but not of writes
 * in flight.
 *
 * <pre>{@code
 * Replication r = Replication.forBrokers(admin.describeCluster().nodes().get().size());
 * admin.createTopics(List.of(Topics.CONTAINERS.newTopic(r)));
 * }</pre>
 */
public record Replication(short factor, int minInsyncReplicas) {
  public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
  /** What one dev broker gets. */
  public static final Replication SINGLE = new Replication((short) 1, 1);
  /** What a cluster of three or more brokers gets. */
  public static final Replication CLUSTER = new Replication((short) 3, 2);

  public Replication {
    if (factor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > factor) {
      throw new IllegalArgumentException("replication factor " + factor + " with min.insync.replicas "
          + minInsyncReplicas + ": need 1 <= min ISR <= factor");
    }
  }

  /** The replication for a cluster of {@code brokers} live brokers (at least one). */
  public static Replication forBrokers(int brokers) {
    if (brokers < 1) {
      throw new IllegalArgumentException("a cluster has at least one broker, not " + brokers);
    }
    if (brokers >= 3) {
      return CLUSTER;
    }
    return brokers == 2 ? new Replication((short) 2, 1) : SINGLE;
  }

  /** The topic-level config this adds to a catalogue entry's own. */
  public Map<String, String> configs() {
    return Map.of(MIN_INSYNC_REPLICAS, String.valueOf(minInsyncReplicas));
  }

  @Override
  public String toString() {
    return factor + "/" + minInsyncReplicas;
  }
}
