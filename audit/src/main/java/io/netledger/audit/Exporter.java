package io.netledger.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.events.topic.Topic;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decoded records of some topics between two log times as JSON lines, one object per record:
 * {@code {"topic","partition","offset","timestamp","key","value"}} ({@code value} null for a
 * tombstone; {@code error} and {@code valueBase64} instead when it does not decode). Each partition
 * is read from offsetsForTimes(from) to offsetsForTimes(to) and lines come out in log-time order
 * (ties: topic, partition, offset), so a tool can replay them as they happened.
 */
public final class Exporter {
  private Exporter() {}

  private record Line(long timestamp, String topic, int partition, long offset, ObjectNode json) {}

  /** Writes the lines and returns how many. {@code from} inclusive, {@code to} exclusive; either may be null. */
  public static long export(LogSource source, List<Topic<?>> topics, Instant from, Instant to, PrintWriter out,
      Progress progress) {
    List<Line> lines = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = source.consumer()) {
      for (Topic<?> topic : topics) {
        read(source, consumer, topic, from, to, lines, progress);
      }
    }
    lines.sort(Comparator.comparingLong(Line::timestamp).thenComparing(Line::topic)
        .thenComparingInt(Line::partition).thenComparingLong(Line::offset));
    for (Line l : lines) {
      out.println(Json.write(l.json()));
    }
    out.flush();
    progress.done();
    return lines.size();
  }

  private static void read(LogSource source, KafkaConsumer<String, byte[]> consumer, Topic<?> topic, Instant from,
      Instant to, List<Line> lines, Progress progress) {
    List<TopicPartition> parts = source.partitions(consumer, topic.name(),
        "topic " + topic.name() + " does not exist on " + source.bootstrap());
    Deserializer<? extends SpecificRecord> d = source.serdes().valueSerde(topic).deserializer();
    consumer.assign(parts);
    Map<TopicPartition, Long> start = bound(consumer, parts, from, consumer.beginningOffsets(parts));
    Map<TopicPartition, Long> end = bound(consumer, parts, to, consumer.endOffsets(parts));
    start.forEach(consumer::seek);
    Map<TopicPartition, Long> pending = new HashMap<>(end);
    pending.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    while (!pending.isEmpty()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
          continue;
        }
        lines.add(new Line(r.timestamp(), r.topic(), r.partition(), r.offset(), line(r, d)));
      }
      progress.at(lines.size());
      pending.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    }
  }

  /** The first offset at or after {@code t} per partition; {@code otherwise} when t is null or later than all. */
  private static Map<TopicPartition, Long> bound(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts,
      Instant t, Map<TopicPartition, Long> otherwise) {
    Map<TopicPartition, Long> out = new HashMap<>(otherwise);
    if (t == null) {
      return out;
    }
    Map<TopicPartition, Long> query = new HashMap<>();
    parts.forEach(p -> query.put(p, t.toEpochMilli()));
    Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
    for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(query).entrySet()) {
      out.put(e.getKey(), e.getValue() == null ? ends.get(e.getKey()) : e.getValue().offset());
    }
    return out;
  }

  private static ObjectNode line(ConsumerRecord<String, byte[]> r, Deserializer<? extends SpecificRecord> d) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("topic", r.topic());
    o.put("partition", r.partition());
    o.put("offset", r.offset());
    o.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
    o.put("key", r.key());
    try {
      o.set("value", Json.of(r.value() == null ? null : d.deserialize(r.topic(), r.value())));
    } catch (RuntimeException e) {
      o.putNull("value");
      o.put("error", "undecodable: " + e.getMessage());
      o.put("valueBase64", Base64.getEncoder().encodeToString(r.value()));
    }
    return o;
  }
}
