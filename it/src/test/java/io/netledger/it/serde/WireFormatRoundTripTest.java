package io.netledger.it.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.devcluster.DevCluster;
import io.netledger.events.registry.HttpSchemaRegistry;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.Samples;
import io.netledger.it.support.SharedCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value type of the catalogue goes through the real broker and the real registry: what is
 * read back equals what was sent, and the bytes on the topic are Confluent wire format with the
 * id the registry itself gives for the subject.
 */
@ExtendWith(SharedCluster.class)
class WireFormatRoundTripTest {
  private static final int PER_TYPE = 30;

  static List<Topic<?>> topics() {
    return Topics.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void valuesRoundTripInConfluentWireFormat(Topic<?> topic) {
    roundTrip(topic);
  }

  private static <V extends SpecificRecord> void roundTrip(Topic<V> topic) {
    DevCluster cluster = SharedCluster.cluster();
    AvroSerde<V> serde = AvroSerde.forTopic(topic, RegistryConfig.connect(cluster.registryUrl()), true);
    String run = UUID.randomUUID().toString();
    Map<String, V> sent = new LinkedHashMap<>();
    List<V> samples = Samples.of(topic.valueType(), PER_TYPE, topic.name().hashCode());
    for (int i = 0; i < samples.size(); i++) {
      sent.put(run + "/" + i, samples.get(i));
    }
    assertEveryUnionBranchSent(topic, samples);

    try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerProps(cluster),
        new StringSerializer(), serde.serializer())) {
      sent.forEach((key, value) -> producer.send(new ProducerRecord<>(topic.name(), key, value)));
      producer.send(new ProducerRecord<>(topic.name(), run + "/tombstone", null));
      producer.flush();
    }

    Map<String, byte[]> received = readBack(cluster, topic, run, sent.size() + 1);
    // A client that has cached nothing asks the registry for the subject's id.
    SchemaRegistry fresh = new HttpSchemaRegistry(cluster.registryUrl(), Duration.ofSeconds(10));
    int registryId = fresh.lookup(topic.valueSubject(), topic.valueSchema());
    Schema registered = fresh.byId(registryId);
    assertEquals(topic.valueSchema(), registered, "schema under " + registryId);

    for (Map.Entry<String, V> e : sent.entrySet()) {
      byte[] bytes = received.get(e.getKey());
      assertEquals(0, bytes[0], "magic byte of " + e.getKey());
      assertEquals(registryId, ByteBuffer.wrap(bytes, 1, 4).getInt(), "schema id of " + e.getKey());
      assertEquals(e.getValue(), serde.deserializer().deserialize(topic.name(), bytes), e.getKey());
    }
    assertEquals(null, received.get(run + "/tombstone"));
    assertTrue(received.containsKey(run + "/tombstone"));
  }

  /** Random values could miss a branch of a payload union; make sure none was missed. */
  private static void assertEveryUnionBranchSent(Topic<?> topic, List<? extends SpecificRecord> samples) {
    for (Schema.Field field : topic.valueSchema().getFields()) {
      Schema type = field.schema();
      if (type.getType() != Schema.Type.UNION || type.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
        continue;
      }
      Set<String> seen = samples.stream()
          .map(v -> ((SpecificRecord) v.get(field.pos())).getSchema().getFullName())
          .collect(Collectors.toSet());
      Set<String> all = type.getTypes().stream().map(Schema::getFullName).collect(Collectors.toSet());
      assertEquals(all, seen, "branches of " + topic.name() + " " + field.name());
    }
  }

  private static Properties producerProps(DevCluster cluster) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return p;
  }

  /** The raw value bytes of this run's records (other tests write the same topics). */
  private static Map<String, byte[]> readBack(DevCluster cluster, Topic<?> topic, String run, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, byte[]> received = new LinkedHashMap<>();
    Set<String> keys = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
      assertEquals(topic.partitions(), partitions.size(), "partitions of " + topic.name());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (keys.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key() != null && r.key().startsWith(run + "/")) {
            received.put(r.key(), r.value());
            keys.add(r.key());
          }
        }
      }
    }
    assertEquals(expected, keys.size(), "records of this run read back from " + topic.name());
    return received;
  }
}
