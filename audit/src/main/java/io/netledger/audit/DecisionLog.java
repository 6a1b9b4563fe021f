package io.netledger.audit;

import io.netledger.allocator.stream.DecisionInput;
import io.netledger.events.serde.TopicSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the allocator's decision-order topic ({@code <application.id>-allocator-decision-order-repartition},
 * one partition, never purged) from its start, in order, and hands each record on as a
 * {@link Step}. That topic, not the three inputs, is replayed because its order IS the order in
 * which the allocator decided: the inputs alone do not say how the allocator interleaved them, and
 * which address a container got depends on that interleaving.
 *
 * <pre>{@code
 * long n = DecisionLog.read(source, Instant.parse("2026-11-27T14:32:00Z"), replay::accept, progress);
 * }</pre>
 */
public final class DecisionLog {
  private DecisionLog() {}

  /**
   * Reads every committed decision, or only those whose input was logged at or before {@code until}
   * (found with offsetsForTimes; null = to the current end). Returns how many were read.
   */
  public static long read(LogSource source, Instant until, Consumer<Step> sink, Progress progress) {
    TopicSerdes serdes = source.serdes();
    try (KafkaConsumer<String, byte[]> consumer = source.consumer()) {
      String topic = source.decisionTopic();
      List<TopicPartition> parts = source.partitions(consumer, topic, "no decision log: topic " + topic
          + " does not exist on " + source.bootstrap() + " (has the allocator with this --application-id run?)");
      if (parts.size() != 1) {
        throw new AuditException(1, topic + " has " + parts.size() + " partitions; the decision order needs exactly 1");
      }
      TopicPartition tp = parts.get(0);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long stop = consumer.endOffsets(parts).get(tp);
      if (until != null) {
        Map<TopicPartition, OffsetAndTimestamp> after = consumer.offsetsForTimes(Map.of(tp, until.toEpochMilli() + 1));
        OffsetAndTimestamp later = after.get(tp);
        if (later != null) {
          stop = Math.min(stop, later.offset());
        }
      }
      long first = consumer.position(tp);
      progress.total(stop - first);
      long n = 0;
      while (consumer.position(tp) < stop) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= stop) {
            break;
          }
          DecisionInput in = DecisionInput.of(r.key(), r.value(), r.headers(), r.timestamp(), serdes);
          sink.accept(new Step(r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(), r.value(), in));
          n++;
        }
        progress.at(consumer.position(tp) - first);
      }
      progress.done();
      return n;
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new AuditException(1, "Kafka at " + source.bootstrap() + " did not answer in time: " + e.getMessage(), e);
    }
  }
}
