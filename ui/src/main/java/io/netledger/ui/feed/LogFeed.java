package io.netledger.ui.feed;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.ui.view.InfraDelta;
import io.netledger.ui.view.InfraImage;
import io.netledger.ui.view.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's only source: one consumer, without a group, assigned every partition of the
 * {@link #TOPICS} and reading them from the beginning ({@code read_committed}, so aborted
 * transactions of the stream apps never show). Each poll's records go through one
 * {@link InfraDelta}; the listener gets the next image and what changed, on this feed's thread.
 * The compacted views give the current state at once; the inputs give the networks' and hosts'
 * facts; the rejected topic gives the reasons.
 *
 * <p>Until every topic exists (a cluster being set up) the feed waits and says so through
 * {@link Listener#status}; a broker that cannot be reached is retried, not fatal.
 */
public final class LogFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogFeed.class);

  /** What the page is built from. */
  public static final List<Topic<?>> TOPICS = List.of(Topics.NETWORKS, Topics.HOSTS, Topics.IPAM_BLOCKS,
      Topics.ALLOCATIONS, Topics.HOST_STATE, Topics.AGENT_STATUS, Topics.REJECTED);

  /** Told on the feed's thread. */
  public interface Listener {
    /** A new image after one poll's records; {@code caughtUp} once the ends seen at start were reached. */
    void changed(InfraImage image, Set<String> changed, boolean caughtUp);

    /** What the feed is doing when it is not reading (waiting for topics, broker unreachable); null when reading. */
    void status(String problem);
  }

  private final String bootstrap;
  private final java.nio.file.Path tlsDir;
  private final TopicSerdes serdes;
  private final Listener listener;
  private final Duration retry;
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean closed;

  public LogFeed(String bootstrap, TopicSerdes serdes, Listener listener) {
    this(bootstrap, null, serdes, listener);
  }

  /** As the three-argument form; {@code tlsDir} the ui's credentials ({@code KafkaTls}), null for plaintext. */
  public LogFeed(String bootstrap, java.nio.file.Path tlsDir, TopicSerdes serdes, Listener listener) {
    this.tlsDir = tlsDir;
    this.bootstrap = bootstrap;
    this.serdes = serdes;
    this.listener = listener;
    this.retry = Duration.ofSeconds(1);
    this.thread = new Thread(this::run, "netledger-ui-feed");
    this.thread.setDaemon(true);
  }

  public LogFeed start() {
    thread.start();
    return this;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Looking at the log must never create a topic.
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "netledger-ui");
    // A live page: hand over what arrived at once instead of waiting to fill a batch.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    io.netledger.events.security.KafkaTls.applyTo(p, tlsDir);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void run() {
    InfraImage image = InfraImage.EMPTY;
    Map<String, Deserializer<? extends SpecificRecord>> decoders = new HashMap<>();
    for (Topic<?> t : TOPICS) {
      decoders.put(t.name(), serdes.valueSerde(t).deserializer());
    }
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      consumer = c;
      if (closed) {
        return;
      }
      List<TopicPartition> parts = awaitPartitions(c);
      if (parts == null) {
        return;
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = new HashMap<>(c.endOffsets(parts));
      ends.entrySet().removeIf(e -> e.getValue() == 0);
      boolean caughtUp = ends.isEmpty();
      listener.status(null);
      listener.changed(image, Set.of(), caughtUp);
      while (!closed) {
        ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
        if (records.isEmpty() && caughtUp) {
          continue;
        }
        InfraDelta delta = image.delta();
        for (ConsumerRecord<String, byte[]> r : records) {
          replay(delta, decoders.get(r.topic()), r);
        }
        if (!caughtUp) {
          ends.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
          caughtUp = ends.isEmpty();
          if (records.isEmpty() && !caughtUp) {
            continue;
          }
        }
        image = delta.apply();
        listener.changed(image, delta.changed(), caughtUp);
      }
    } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
      if (!closed) {
        LOG.error("ui: the log feed was interrupted", e);
        listener.status("the view stopped reading the log: " + e);
      }
    } catch (RuntimeException e) {
      LOG.error("ui: the log feed stopped on {}", bootstrap, e);
      listener.status("the view stopped reading the log: " + e);
    }
  }

  private static void replay(InfraDelta delta, Deserializer<? extends SpecificRecord> decoder, ConsumerRecord<String, byte[]> r) {
    SpecificRecord value;
    try {
      value = r.value() == null ? null : decoder.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      delta.undecodable(LogRecord.coordinates(r.topic(), r.partition(), r.offset()), String.valueOf(e.getMessage()));
      return;
    }
    delta.replay(new LogRecord(r.topic(), r.partition(), r.offset(), r.key(), value));
  }

  /** Every partition of every topic, waiting while some topic is missing or the broker is away; null when closed. */
  private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
    while (!closed) {
      List<TopicPartition> parts = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      String problem = null;
      try {
        for (Topic<?> t : TOPICS) {
          List<PartitionInfo> infos = c.partitionsFor(t.name(), Duration.ofSeconds(5));
          if (infos == null || infos.isEmpty()) {
            missing.add(t.name());
          } else {
            infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
          }
        }
        if (missing.isEmpty()) {
          return parts;
        }
        problem = "waiting for topics " + String.join(", ", missing) + " on " + bootstrap;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        problem = "cannot reach Kafka at " + bootstrap + "; retrying";
      } catch (WakeupException e) {
        return null;
      }
      listener.status(problem);
      try {
        Thread.sleep(retry.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
