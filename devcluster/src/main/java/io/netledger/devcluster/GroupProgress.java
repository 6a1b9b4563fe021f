package io.netledger.devcluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a Streams application's group has got through what it reads, for tests and benches. */
public final class GroupProgress {
  private GroupProgress() {}

  /**
   * Waits until the Streams application {@code appId} has committed every record of every topic
   * it reads (inputs and its own repartition topics). A repartition topic is written in
   * transactions, so its end offset may count one commit marker past the last record.
   *
   * @param poll how often the group's offsets are read
   * @return System.nanoTime() when it was first seen caught up (confirmed by two more polls)
   */
  public static long awaitCaughtUp(String bootstrap, String appId, Duration timeout, Duration poll)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long deadline = System.nanoTime() + timeout.toNanos();
      int stable = 0;
      long since = 0;
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> done = admin.listConsumerGroupOffsets(appId)
            .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        done.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(ask).all().get();
        boolean caught = done.keySet().stream().anyMatch(tp -> tp.topic().startsWith(appId));
        for (var e : done.entrySet()) {
          long slack = e.getKey().topic().startsWith(appId) ? 1 : 0;
          caught &= e.getValue() != null && e.getValue().offset() >= ends.get(e.getKey()).offset() - slack;
        }
        if (caught && stable == 0) {
          since = System.nanoTime();
        }
        stable = caught ? stable + 1 : 0;
        if (stable >= 3) {
          return since;
        }
        Thread.sleep(poll.toMillis());
      }
      throw new IllegalStateException(appId + " did not catch up within " + timeout);
    }
  }
}
