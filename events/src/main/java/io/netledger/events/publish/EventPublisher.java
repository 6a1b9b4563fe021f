package io.netledger.events.publish;

import io.netledger.events.registry.HttpSchemaRegistry;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import io.netledger.events.validate.EventValidator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What an orchestrator calls to put a lifecycle event on the log: it validates the payload at the
 * edge ({@link EventValidator}), wraps it in its envelope, encodes it in Confluent wire format
 * against the registry, and returns only once Kafka acknowledged it ({@code acks=all},
 * idempotent producer), with the record's coordinates.
 *
 * <pre>{@code
 * try (EventPublisher p = EventPublisher.create(PublisherConfig.of("127.0.0.1:9092",
 *         "http://127.0.0.1:8081/apis/ccompat/v7", "my-orchestrator"))) {
 *   Published at = p.publish(ContainerStarted.newBuilder()...build());
 * }
 * }</pre>
 *
 * Thread-safe. An invalid payload throws {@link io.netledger.events.validate.InvalidEventException};
 * anything not acknowledged throws {@link PublishException}.
 */
public final class EventPublisher implements AutoCloseable {
  private final PublisherConfig config;
  private final SchemaRegistry registry;
  private final Producer<String, byte[]> producer;
  private final io.netledger.events.serde.RegistrySerdes serdes;

  EventPublisher(PublisherConfig config, SchemaRegistry registry, Producer<String, byte[]> producer) {
    this.config = config;
    this.registry = registry;
    this.producer = producer;
    this.serdes = new io.netledger.events.serde.RegistrySerdes(registry, config.autoRegister());
  }

  public static EventPublisher create(PublisherConfig config) {
    SchemaRegistry registry = new HttpSchemaRegistry(config.registryUrl(), config.timeout());
    return new EventPublisher(config, registry, new KafkaProducer<>(producerConfig(config),
        new StringSerializer(), new ByteArraySerializer()));
  }

  static Map<String, Object> producerConfig(PublisherConfig config) {
    long timeoutMs = Math.max(1000, config.timeout().toMillis());
    long requestTimeoutMs = Math.min(timeoutMs, 30_000);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "netledger-publisher-" + config.source());
    // Nothing acknowledged may be lost, and a retry must not duplicate: all in-sync replicas
    // acknowledge, and the idempotent producer de-duplicates its own retries.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Lifecycle events are few and someone waits for each: send at once.
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Bound every wait by the caller's timeout, so "broker down" is an error, not a hang:
    // max.block.ms covers fetching metadata, delivery.timeout.ms the send with its retries.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMs, requestTimeoutMs));
    props.putAll(config.producerOverrides());
    return props;
  }

  /** Publishes with a fresh eventId and waits for the acknowledgement. */
  public Published publish(SpecificRecord payload) {
    return publish(payload, UUID.randomUUID().toString());
  }

  /** Publishes with the caller's eventId (an idempotency key) and waits for the acknowledgement. */
  public Published publish(SpecificRecord payload, String eventId) {
    CompletableFuture<Published> sent = publishAsync(payload, eventId);
    Duration wait = config.timeout().plusSeconds(1);
    try {
      return sent.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while publishing to " + config.bootstrapServers(), e);
    } catch (ExecutionException e) {
      throw unacknowledged(e.getCause());
    } catch (TimeoutException e) {
      throw unacknowledged(e);
    }
  }

  /**
   * Validates and encodes now (throwing at once for bad input or an unreachable registry), sends
   * without waiting; the future completes when Kafka acknowledged.
   */
  public CompletableFuture<Published> publishAsync(SpecificRecord payload, String eventId) {
    EventValidator.validate(payload);
    Envelopes.Addressed<?> addressed =
        Envelopes.wrap(payload, eventId, config.clock().instant(), config.source());
    byte[] value = encode(addressed);
    CompletableFuture<Published> result = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(addressed.topic().name(), addressed.key(), value), (md, error) -> {
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(new Published(md.topic(), md.partition(), md.offset(), addressed.key(), eventId));
        }
      });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private byte[] encode(Envelopes.Addressed<?> addressed) {
    Topic topic = addressed.topic();
    AvroSerde serde = serdes.forTopic(topic);
    try {
      return serde.serializer().serialize(topic.name(), addressed.envelope());
    } catch (RuntimeException e) {
      throw new PublishException("could not encode " + addressed.envelope().getSchema().getName()
          + " for " + topic.name() + " with the registry at " + config.registryUrl() + ": "
          + e.getMessage(), e);
    }
  }

  private PublishException unacknowledged(Throwable cause) {
    return new PublishException("the broker at " + config.bootstrapServers()
        + " did not acknowledge within " + config.timeout().toSeconds() + " s: " + cause.getMessage(), cause);
  }

  /** Waits for every event in flight (up to the timeout) and closes the connection. */
  @Override
  public void close() {
    producer.close(config.timeout());
  }
}
