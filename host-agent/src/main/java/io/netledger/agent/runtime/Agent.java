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

  private final io.netledger.agent.ipsec.IpsecManager ipsec;
  private io.netledger.agent.cni.CniDoor cni;

  private Agent(AgentLoop loop, Thread thread, Vertx vertx, MetricsServer metrics, KernelCapabilities capabilities,
      io.netledger.agent.ipsec.IpsecManager ipsec) {
    this.ipsec = ipsec;
    this.loop = loop;
    this.thread = thread;
    this.vertx = vertx;
    this.metrics = metrics;
    this.capabilities = capabilities;
  }

  /**
   * Starts the agent; with {@code serving} non-null also its DNS and metadata servers. A server
   * that cannot listen fails the start (nothing is left running).
   */
  public static Agent start(AgentConfig config, String metricsAddress, int metricsPort, Serving serving,
      List<LogListener> extraListeners) {
    return start(config, metricsAddress, metricsPort, serving, extraListeners, null, null);
  }

  /**
   * As above; with {@code cni} non-null also the CNI door ({@link io.netledger.agent.cni}); with
   * {@code ipsec} non-null the agent encrypts networks marked IPSEC when this host can (else it
   * refuses them and says why in agent-status), running and supervising its charon.
   */
  public static Agent start(AgentConfig config, String metricsAddress, int metricsPort, Serving serving,
      List<LogListener> extraListeners, io.netledger.agent.cni.CniSettings cni,
      io.netledger.agent.ipsec.IpsecConfig ipsec) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.vertx();
    MetricsServer metrics = null;
    io.netledger.agent.ipsec.IpsecManager tunnels = null;
    io.netledger.agent.cni.CniDoor door = null;
    List<LogListener> listeners = new java.util.ArrayList<>(extraListeners);
    try {
      metrics = MetricsServer.start(vertx, meters, metricsAddress, metricsPort);
      if (serving != null) {
        listeners.add(0, serve(vertx, meters, config, serving));
      }
      SchemaRegistry registry = RegistryConfig.connect(config.registryUrl());
      KernelCapabilities caps = CapabilityProbe.probe();
      if (cni != null) {
        door = io.netledger.agent.cni.CniDoor.start(config.hostId(), config.bootstrapServers(), config.registryUrl(),
            registry, Iproute2Kernel.inCurrentNamespace(), cni.socket(), cni.stateDir(), cni.timeout());
        listeners.add(door.listener());
      }
      String refusal = ipsec == null ? io.netledger.agent.calc.HostConfig.NO_IPSEC : ipsec.refusal(caps);
      if (refusal == null) {
        tunnels = new io.netledger.agent.ipsec.IpsecManager(
            io.netledger.agent.ipsec.Credentials.load(ipsec.credentialsDir()), !caps.getKernelEsp(), ipsec.workDir(),
            List.of(), ipsec.responderGrace(), Clock.systemUTC())
            .startSupervising(ipsec.checkInterval(), new io.netledger.agent.ipsec.IpsecMetrics(meters, config.hostId()));
      } else if (ipsec != null) {
        org.slf4j.LoggerFactory.getLogger(Agent.class).warn("agent {} refuses encrypted networks: {}",
            config.hostId(), refusal);
      }
      AgentLoop loop = new AgentLoop(config, Iproute2Kernel.inCurrentNamespace(),
          new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(), new ByteArrayDeserializer()),
          new KafkaProducer<>(producerConfig(config), new StringSerializer(), new ByteArraySerializer()),
          registry, caps, meters, listeners, Clock.systemUTC(),
          new io.netledger.agent.calc.HostConfig(config.hostId(), config.underlayIp(), config.underlayDevice(), refusal),
          tunnels);
      Thread thread = new Thread(loop, "netledger-agent-" + config.hostId());
      thread.setUncaughtExceptionHandler((t, e) ->
          org.slf4j.LoggerFactory.getLogger(Agent.class).error("agent loop of {} died", config.hostId(), e));
      thread.start();
      Agent agent = new Agent(loop, thread, vertx, metrics, caps, tunnels);
      agent.cni = door;
      return agent;
    } catch (RuntimeException e) {
      if (door != null) {
        door.close();
      }
      if (tunnels != null) {
        tunnels.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      vertx.close().await();
      throw e;
    }
  }

  private static ServingListener serve(Vertx vertx, PrometheusMeterRegistry meters, AgentConfig config,
      Serving serving) {
    // The service address appears only when the first network is programmed; binding to it
    // before then needs non-local bind (a per-namespace sysctl: only this host namespace).
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind"), "1");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot allow binding " + serving.address()
          + " before it exists (net.ipv4.ip_nonlocal_bind): " + e.getMessage(), e);
    }
    ServingListener listener = new ServingListener(config.hostId(), serving.address(),
        serving.resolvRoot() == null ? null : new io.netledger.agent.resolv.ResolvConfWriter(serving.resolvRoot(), config.hostId()));
    io.netledger.agent.dns.DnsServerConfig dns = new io.netledger.agent.dns.DnsServerConfig(serving.address(),
        serving.dnsPort(), serving.upstreams(), io.netledger.agent.dns.DnsServerConfig.DEFAULT_FORWARD_TIMEOUT,
        io.netledger.agent.dns.DnsServerConfig.DEFAULT_NEGATIVE_TTL);
    vertx.deployVerticle(new io.netledger.agent.dns.DnsServer(dns, listener.view(), meters)).await();
    vertx.deployVerticle(new io.netledger.agent.metadata.MetadataServer(new io.netledger.agent.metadata.MetadataConfig(
        serving.address(), serving.metadataPort(), config.underlayIp()), listener.view())).await();
    return listener;
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
    if (cni != null) {
      cni.close();
    }
    loop.close();
    if (ipsec != null) {
      // charon goes with its agent; with libipsec its routes go too, so encrypted traffic stops
      // (fail closed) rather than leaking while nobody supervises the tunnels.
      ipsec.close();
    }
    metrics.close();
    vertx.close().await();
  }
}
