package io.netledger.agent.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netledger.agent.kernel.CapabilityProbe;
import io.netledger.agent.kernel.Iproute2Kernel;
import io.netledger.avro.KernelCapabilities;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A running host agent: the loop on its own thread, the real kernel (iproute2 in the namespace
 * this process runs in), metrics on {@code /metrics}, and whatever listeners serve from the log.
 *
 * <pre>{@code
 * try (Agent agent = Agent.start(AgentConfig.of("H1", "198.51.100.11", bootstrap, registryUrl),
 *     "127.0.0.1", 9464, List.of())) {
 *   agent.loop().awaitCaughtUp(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class Agent implements AutoCloseable {
  private final AgentLoop loop;
  private final Thread thread;
  private final Vertx vertx;
  private final MetricsServer metrics;
  private final KernelCapabilities capabilities;

  private Agent(AgentLoop loop, Thread thread, Vertx vertx, MetricsServer metrics, KernelCapabilities capabilities) {
    this.loop = loop;
    this.thread = thread;
    this.vertx = vertx;
    this.metrics = metrics;
    this.capabilities = capabilities;
  }

  public static Agent start(AgentConfig config, String metricsAddress, int metricsPort, List<LogListener> listeners) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.vertx();
    MetricsServer metrics = null;
    try {
      metrics = MetricsServer.start(vertx, meters, metricsAddress, metricsPort);
      SchemaRegistry registry = RegistryConfig.connect(config.registryUrl());
      KernelCapabilities caps = CapabilityProbe.probe();
      AgentLoop loop = new AgentLoop(config, Iproute2Kernel.inCurrentNamespace(),
          new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(), new ByteArrayDeserializer()),
          new KafkaProducer<>(producerConfig(config), new StringSerializer(), new ByteArraySerializer()),
          registry, caps, meters, listeners, Clock.systemUTC());
      Thread thread = new Thread(loop, "netledger-agent-" + config.hostId());
      thread.setUncaughtExceptionHandler((t, e) ->
          org.slf4j.LoggerFactory.getLogger(Agent.class).error("agent loop of {} died", config.hostId(), e));
      thread.start();
      return new Agent(loop, thread, vertx, metrics, caps);
    } catch (RuntimeException e) {
      if (metrics != null) {
        metrics.close();
      }
      vertx.close().await();
      throw e;
    }
  }

  static Map<String, Object> consumerConfig(AgentConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // The group only records what this agent realised (committed after apply); the agent always
    // re-reads its compacted partition from the beginning, because that content is its state.
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "netledger-agent-" + config.hostId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "netledger-agent-" + config.hostId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The stream apps write under exactly-once: never act on an aborted write.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  static Map<String, Object> producerConfig(AgentConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "netledger-agent-status-" + config.hostId());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return props;
  }

  public AgentLoop loop() {
    return loop;
  }

  public int metricsPort() {
    return metrics.port();
  }

  public KernelCapabilities capabilities() {
    return capabilities;
  }

  /** Blocks until the loop ends (it ends only when closed, or when it dies). */
  public void join() throws InterruptedException {
    thread.join();
  }

  @Override
  public void close() {
    loop.close();
    metrics.close();
    vertx.close().await();
  }
}
