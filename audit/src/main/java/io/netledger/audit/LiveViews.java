package io.netledger.audit;

import io.netledger.events.topic.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads compacted topics from the start to their current end (read_committed), as any reader of
 * the live views would. A value that does not decode is reported to {@code undecodable} with its
 * key rather than stopping the read: a corrupt record in a view is exactly what verify looks for.
 */
public final class LiveViews {
  private LiveViews() {}

  /** Receives the latest state of each key: the value, or null after a tombstone. */
  @FunctionalInterface
  public interface Sink {
    void accept(String topic, int partition, long offset, long timestamp, String key, SpecificRecord value);
  }

  /** Receives a record whose value could not be decoded (it replaces whatever the key held). */
  @FunctionalInterface
  public interface Undecodable {
    void accept(String topic, String key, String note);
  }

  public static void read(LogSource source, List<Topic<?>> topics, Sink sink, Undecodable undecodable,
      Progress progress) {
    try (KafkaConsumer<String, byte[]> consumer = source.consumer()) {
      for (Topic<?> topic : topics) {
        readOne(source, consumer, topic, sink, undecodable, progress);
      }
    }
  }

  private static void readOne(LogSource source, KafkaConsumer<String, byte[]> consumer, Topic<?> topic, Sink sink,
      Undecodable undecodable, Progress progress) {
    List<TopicPartition> parts = source.partitions(consumer, topic.name(),
        "topic " + topic.name() + " does not exist on " + source.bootstrap());
    Deserializer<? extends SpecificRecord> d = source.serdes().valueSerde(topic).deserializer();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts));
    end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    long n = 0;
    while (!end.isEmpty()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
        if (stop == null || r.offset() >= stop) {
          continue;
        }
        SpecificRecord v;
        try {
          v = r.value() == null ? null : d.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
          undecodable.accept(topic.name(), r.key(), "undecodable at " + r.partition() + "@" + r.offset() + ": " + e);
          continue;
        }
        sink.accept(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), v);
        n++;
      }
      progress.at(n);
      end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    }
  }
}
