package io.netledger.it.allocator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as it is committed ({@code read_committed}: aborted transactions of a
 * killed allocator are invisible), from the beginning to the end offsets at the time of the call.
 */
public final class CommittedLog {
  private CommittedLog() {}

  /**
   * Waits until the Streams application {@code appId} has committed every record of every topic
   * it reads (inputs and its own repartition topics). A repartition topic is written in
   * transactions, so its end offset may count one commit marker past the last record.
   *
   * @return System.nanoTime() when it was first seen caught up (polled every 100 ms, confirmed
   *     by two more polls)
   */
  public static long awaitCaughtUp(String bootstrap, String appId, Duration timeout) throws Exception {
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
        Thread.sleep(100);
      }
      throw new IllegalStateException(appId + " did not catch up within " + timeout);
    }
  }

  public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      // With read_committed the end offsets are the last stable offsets.
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to " + end + " within 120 s");
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
