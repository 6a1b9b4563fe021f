package io.netledger.audit;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.RegistrySerdes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where audit reads from: the broker (plain consumers without a group, {@code read_committed} so
 * aborted transactions of the stream apps are never replayed or compared), the registry the
 * values are decoded against, and the allocator's application id, which names its decision-order
 * topic.
 */
public final class LogSource {
  /** The suffix Kafka Streams gives the allocator's {@code allocator-decision-order} repartition. */
  static final String DECISION_ORDER_SUFFIX = "-allocator-decision-order-repartition";

  private final String bootstrap;
  private final String registryUrl;
  private final Duration timeout;
  private final String applicationId;
  private final java.nio.file.Path tlsDir;
  private SchemaRegistry registry;
  private RegistrySerdes serdes;

  public LogSource(String bootstrap, String registryUrl, Duration timeout, String applicationId) {
    this(bootstrap, registryUrl, timeout, applicationId, null);
  }

  /** As the four-argument form; {@code tlsDir} the reader's credentials ({@code KafkaTls}), null for plaintext. */
  public LogSource(String bootstrap, String registryUrl, Duration timeout, String applicationId,
      java.nio.file.Path tlsDir) {
    this.tlsDir = tlsDir;
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
    this.timeout = timeout;
    this.applicationId = applicationId;
  }

  public String decisionTopic() {
    return applicationId + DECISION_ORDER_SUFFIX;
  }

  public String bootstrap() {
    return bootstrap;
  }

  /**
   * Value serdes against the registry, one per topic; never registers a schema (audit only reads).
   * Cached because a deserializer keeps its resolved datum readers: a fresh one per record spent
   * most of a replay resolving the same schemas again.
   */
  public synchronized TopicSerdes serdes() {
    if (serdes == null) {
      serdes = new RegistrySerdes(registry(), false);
    }
    return serdes;
  }

  public synchronized SchemaRegistry registry() {
    if (registry == null) {
      registry = RegistryConfig.connect(registryUrl);
    }
    return registry;
  }

  public KafkaConsumer<String, byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Asking about a topic must never create it: a missing decision log is an answer, not a side effect.
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout.toMillis()));
    // Replay reads big batches: fewer round trips per decision.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    io.netledger.events.security.KafkaTls.applyTo(p, tlsDir);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The partitions of {@code topic}; fails with exit 1 naming the broker when it cannot be
   * reached in time, or {@code missing} when the topic does not exist.
   */
  public List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, String missing) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, timeout);
    } catch (TimeoutException e) {
      throw new AuditException(1, "cannot reach Kafka at " + bootstrap + " within " + timeout.toMillis() + " ms", e);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new AuditException(1, "cannot read " + topic + " from Kafka at " + bootstrap + ": " + e.getMessage(), e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new AuditException(1, missing);
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
  }
}
