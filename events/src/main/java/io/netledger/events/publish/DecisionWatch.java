package io.netledger.events.publish;

import io.netledger.avro.AcceptedFact;
import io.netledger.avro.Allocation;
import io.netledger.avro.Rejection;
import io.netledger.events.registry.HttpSchemaRegistry;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the allocator's decision on a published input: reads {@code accepted-facts},
 * {@code allocations} and {@code rejected} from the ends it found when it was started, so a
 * decision on anything published after {@link #open} returned cannot be missed, and matches
 * records to inputs by coordinates ({@link DecisionBook}). One thread polls; any number of
 * callers wait. Used by {@code netledger publish --wait} (one watch per command) and by the
 * gateway's {@code ?wait=decided} (one watch per gateway).
 *
 * <pre>{@code
 * try (DecisionWatch watch = DecisionWatch.open(config);       // positioned before publishing
 *      EventPublisher p = EventPublisher.create(config)) {
 *   Published at = p.publish(event);
 *   Optional<Decision> d = watch.await(at, Duration.ofSeconds(10)).join();  // empty: none in time
 * }
 * }</pre>
 *
 * Reads read_committed (only decisions whose transaction committed), assigns partitions (no
 * consumer group, nothing committed) and uses the publisher's TLS settings.
 */
public final class DecisionWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionWatch.class);
  /** Decisions kept for callers that ask after the record went by. */
  private static final int KEEP = 8192;
  /** How long an accepted fact waits for the allocation of its transaction on another topic. */
  private static final long SETTLE_MILLIS = 500;

  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroSerde<AcceptedFact> facts;
  private final AvroSerde<Allocation> allocations;
  private final AvroSerde<Rejection> rejections;
  private final DecisionBook book = new DecisionBook(KEEP, SETTLE_MILLIS);
  private final Map<Published, Waiter> waiters = new ConcurrentHashMap<>();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  private record Waiter(CompletableFuture<Optional<Decision>> future, long deadlineMillis) {}

  private DecisionWatch(Map<String, Object> props, SchemaRegistry registry) {
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.facts = AvroSerde.forTopic(Topics.ACCEPTED_FACTS, registry, false);
    this.allocations = AvroSerde.forTopic(Topics.ALLOCATIONS, registry, false);
    this.rejections = AvroSerde.forTopic(Topics.REJECTED, registry, false);
    this.thread = new Thread(this::run, "netledger-decision-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Starts a watch with the publisher's broker, registry and TLS settings and returns once it
   * found the ends of the three topics (within the config's timeout), so that it sees the decision
   * on anything published afterwards. Throws {@link PublishException} when no broker answered.
   */
  public static DecisionWatch open(PublisherConfig config) {
    DecisionWatch w = start(config);
    try {
      if (!w.positioned.await(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        w.close();
        throw new PublishException("no broker at " + config.bootstrapServers() + " answered within "
            + config.timeout().toSeconds() + " s, so the decision could not be watched", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.close();
      throw new PublishException("interrupted while positioning the decision watch", e);
    }
    return w;
  }

  /**
   * Starts a watch without waiting for a broker (a gateway must start during an outage); see
   * {@link #positioned()}.
   */
  public static DecisionWatch start(PublisherConfig config) {
    DecisionWatch w = new DecisionWatch(consumerConfig(config),
        new HttpSchemaRegistry(config.registryUrl(), config.timeout()));
    w.thread.start();
    return w;
  }

  static Map<String, Object> consumerConfig(PublisherConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "netledger-decision-watch-" + config.source());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Only decisions whose transaction committed: an aborted attempt is no decision.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Metadata calls give up after the caller's timeout (not 60 s); the thread retries.
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1000, config.timeout().toMillis()));
    // The publisher's TLS settings (PublisherConfig.withTls), not its producer-only settings.
    config.producerOverrides().forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        props.put(k, v);
      }
    });
    return props;
  }

  /** True once the watch reads from the ends it found. */
  public boolean positioned() {
    return positioned.getCount() == 0;
  }

  /**
   * The decision on the input at {@code at}, completed by the watch's thread: empty when none
   * arrived within {@code wait} (or the watch closed first). Never blocks the caller.
   */
  public CompletableFuture<Optional<Decision>> await(Published at, Duration wait) {
    Optional<Decision> now = book.decision(at, System.currentTimeMillis());
    if (now.isPresent()) {
      return CompletableFuture.completedFuture(now);
    }
    Waiter w = waiters.computeIfAbsent(at, k -> new Waiter(new CompletableFuture<>(),
        System.currentTimeMillis() + wait.toMillis()));
    if (!running) {
      w.future().complete(Optional.empty());
    }
    return w.future();
  }

  private void position() {
    boolean warned = false;
    while (running) {
      try {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(Topics.ACCEPTED_FACTS.name(), Topics.ALLOCATIONS.name(), Topics.REJECTED.name())) {
          consumer.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(all);
        consumer.seekToEnd(all);
        // Resolve the ends now: a decision on an input published after this must not be skipped.
        all.forEach(consumer::position);
        positioned.countDown();
        return;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (!warned) {
          LOG.warn("decision watch: no broker answers ({}); retrying", e.getMessage());
          warned = true;
        }
      }
    }
  }

  private void run() {
    try {
      position();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          offer(r, System.currentTimeMillis());
        }
        settle(System.currentTimeMillis());
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("decision watch stopped; waits will time out", e);
    } finally {
      running = false;
      waiters.values().forEach(w -> w.future().complete(Optional.empty()));
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void offer(ConsumerRecord<String, byte[]> r, long now) {
    if (r.value() == null) {
      return;
    }
    try {
      if (r.topic().equals(Topics.ACCEPTED_FACTS.name())) {
        book.accepted(facts.deserializer().deserialize(r.topic(), r.value()), now);
      } else if (r.topic().equals(Topics.ALLOCATIONS.name())) {
        book.allocation(allocations.deserializer().deserialize(r.topic(), r.value()), now);
      } else {
        book.rejected(rejections.deserializer().deserialize(r.topic(), r.value()));
      }
    } catch (RuntimeException e) {
      // An output we cannot read decides nothing for the waiter; it times out and says so.
      LOG.warn("decision watch: cannot decode {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  private void settle(long now) {
    waiters.forEach((at, w) -> {
      Optional<Decision> d = book.decision(at, now);
      if (d.isPresent() || now >= w.deadlineMillis()) {
        waiters.remove(at);
        w.future().complete(d);
      }
    });
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
