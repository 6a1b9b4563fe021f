package io.netledger.agent.cni;

import io.netledger.avro.Rejection;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Reads {@code netledger.rejected.v1} from its end onward, so that an ADD whose event the
 * allocator refused (network exhausted, requested address taken) fails at once with the
 * allocator's reason instead of timing out. Rejections are found by the coordinates of the input
 * they refuse, which the publisher returned; the last few thousand are kept.
 */
public final class RejectionWatch implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RejectionWatch.class);
  private static final int KEEP = 4096;

  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroSerde<Rejection> serde;
  private final Map<String, Rejection> recent = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Rejection> eldest) {
      return size() > KEEP;
    }
  };
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean positioned;
  private final String hostId;

  private RejectionWatch(String bootstrap, java.nio.file.Path tlsDir, SchemaRegistry registry, String hostId) {
    Map<String, Object> props = new HashMap<>();
    // The host's credentials on a secure cluster: a plaintext client reading a TLS listener takes
    // the handshake's bytes for a response size and runs out of heap (seen in the IPsec suite).
    io.netledger.events.security.KafkaTls.applyTo(props, tlsDir);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "netledger-agent-cni-rejections-" + hostId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Metadata calls give up after 10 s (not 60) and are retried by the thread.
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.serde = AvroSerde.forTopic(Topics.REJECTED, registry, false);
    this.hostId = hostId;
    this.thread = new Thread(this, "netledger-cni-rejections-" + hostId);
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching from the end of the topic. Never waits for a broker: an agent restarted
   * during an outage must start (the fault suite saw the 60 s metadata timeout here end the agent
   * of a host restarted during a 60 s outage, so it never resumed); until the watch has found the
   * end, see {@link #positioned}, an ADD the allocator refuses times out instead of failing fast.
   */
  public static RejectionWatch start(String bootstrap, SchemaRegistry registry, String hostId) {
    return start(bootstrap, null, registry, hostId);
  }

  /** As above, as the principal whose credentials are in {@code tlsDir} (null: plaintext). */
  public static RejectionWatch start(String bootstrap, java.nio.file.Path tlsDir, SchemaRegistry registry,
      String hostId) {
    RejectionWatch w = new RejectionWatch(bootstrap, tlsDir, registry, hostId);
    w.thread.start();
    return w;
  }

  /** True once the watch reads from the end it found (every later rejection is seen). */
  public boolean positioned() {
    return positioned;
  }

  /** Assigns every partition at its end, retrying while no broker answers; false when closed first. */
  private boolean position() {
    boolean warned = false;
    while (running) {
      try {
        List<TopicPartition> all = consumer.partitionsFor(Topics.REJECTED.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(all);
        consumer.seekToEnd(all);
        // Resolve the end now: a rejection of an event published after this must not be skipped.
        all.forEach(consumer::position);
        positioned = true;
        if (warned) {
          LOG.info("cni {}: rejection watch reads {} from its end", hostId, Topics.REJECTED.name());
        }
        return true;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (!warned) {
          LOG.warn("cni {}: no broker answers for {} ({}); retrying", hostId, Topics.REJECTED.name(), e.getMessage());
          warned = true;
        }
      }
    }
    return false;
  }

  static String key(String topic, int partition, long offset) {
    return topic + "/" + partition + "@" + offset;
  }

  @Override
  public void run() {
    try {
      if (!position()) {
        return;
      }
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            Rejection rej = serde.deserializer().deserialize(r.topic(), r.value());
            if (rej != null) {
              synchronized (recent) {
                recent.put(key(rej.getInput().getTopic(), rej.getInput().getPartition(), rej.getInput().getOffset()), rej);
              }
            }
          } catch (RuntimeException e) {
            LOG.warn("cni: cannot decode rejection {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("cni: rejection watch stopped; failing ADDs will time out instead of failing fast", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** The rejection of the input at these coordinates, if the allocator refused it. */
  public Optional<Rejection> of(String topic, int partition, long offset) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(key(topic, partition, offset)));
    }
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
