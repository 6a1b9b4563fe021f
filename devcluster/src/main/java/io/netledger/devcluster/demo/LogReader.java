package io.netledger.devcluster.demo;

import io.netledger.events.registry.HttpSchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads topics from the beginning to their current end (read_committed) and decodes each value. */
public final class LogReader {
  private LogReader() {}

  /** Receives one decoded record; {@code value} is null for a tombstone. */
  @FunctionalInterface
  public interface Sink {
    void accept(String topic, int partition, long offset, String key, SpecificRecord value);
  }

  public static void readAll(String bootstrap, String registryUrl, List<Topic<?>> topics, Sink sink) {
    readAll(bootstrap, null, registryUrl, topics, sink);
  }

  /** As {@link #readAll(String, String, List, Sink)} with a reader's TLS credentials ({@code tlsDir}, null: plaintext). */
  public static void readAll(String bootstrap, java.nio.file.Path tlsDir, String registryUrl, List<Topic<?>> topics,
      Sink sink) {
    Properties props = new Properties();
    io.netledger.events.security.KafkaTls.applyTo(props, tlsDir);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    HttpSchemaRegistry registry = new HttpSchemaRegistry(registryUrl, Duration.ofSeconds(10));
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      for (Topic<?> topic : topics) {
        AvroSerde<?> serde = AvroSerde.forTopic(topic, registry, false);
        List<TopicPartition> parts = new ArrayList<>();
        consumer.partitionsFor(topic.name()).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts));
        end.entrySet().removeIf(e -> e.getValue() == 0);
        while (!end.isEmpty()) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            sink.accept(r.topic(), r.partition(), r.offset(), r.key(),
                (SpecificRecord) serde.deserializer().deserialize(r.topic(), r.value()));
          }
          end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
      }
    }
  }
}
