package io.netledger.agent.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netledger.agent.calc.HostConfig;
import io.netledger.agent.cni.CniDoor;
import io.netledger.agent.cni.CniSettings;
import io.netledger.agent.dns.DnsServer;
import io.netledger.agent.dns.DnsServerConfig;
import io.netledger.agent.ipsec.Credentials;
import io.netledger.agent.ipsec.IpsecConfig;
import io.netledger.agent.ipsec.IpsecManager;
import io.netledger.agent.ipsec.IpsecMetrics;
import io.netledger.agent.doctor.Check;
import io.netledger.agent.doctor.Doctor;
import io.netledger.agent.doctor.SystemProbes;
import io.netledger.agent.kernel.CapabilityProbe;
import io.netledger.agent.kernel.Iproute2Kernel;
import io.netledger.agent.metadata.MetadataConfig;
import io.netledger.agent.metadata.MetadataServer;
import io.netledger.agent.resolv.ResolvConfWriter;
import io.netledger.avro.KernelCapabilities;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.vertx.core.Vertx;
import io.netledger.events.security.AclPlan;
import io.netledger.events.security.KafkaTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running host agent: the loop on its own thread, the real kernel (iproute2 in the namespace
 * this process runs in), metrics on {@code /metrics}, and the optional features its
 * {@link AgentSpec} asks for.
 *
 * <pre>{@code
 * try (Agent agent = Agent.start(AgentSpec.of(AgentConfig.of("H1", "198.51.100.11", bootstrap, registryUrl))
 *     .withMetrics("127.0.0.1", 9464))) {
 *   agent.loop().awaitCaughtUp(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentLoop loop;
  private final LoopThread thread;
  private final Vertx vertx;
  private final MetricsServer metrics;
  private final KernelCapabilities capabilities;
  private final IpsecManager ipsec;
  private final CniDoor cni;

  private Agent(AgentLoop loop, LoopThread thread, Vertx vertx, MetricsServer metrics, KernelCapabilities capabilities,
      IpsecManager ipsec, CniDoor cni) {
    this.loop = loop;
    this.thread = thread;
    this.vertx = vertx;
    this.metrics = metrics;
    this.capabilities = capabilities;
    this.ipsec = ipsec;
    this.cni = cni;
  }

  /**
   * Starts the agent and what its spec asks for: DNS and metadata servers ({@code serving}), the
   * CNI door, and, with {@code ipsec}, encrypted networks when this host can encrypt (else it
   * refuses them and says why in agent-status), running and supervising its charon. A server that
   * cannot listen fails the start (nothing is left running).
   */
  public static Agent start(AgentSpec spec) {
    AgentConfig config = spec.config();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.vertx();
    MetricsServer metrics = null;
    IpsecManager tunnels = null;
    CniDoor door = null;
    List<LogListener> listeners = new ArrayList<>(spec.listeners());
    try {
      metrics = MetricsServer.start(vertx, meters, spec.metricsAddress(), spec.metricsPort());
      if (spec.serving().isPresent()) {
        listeners.addAll(0, serve(vertx, meters, config, spec.serving().get()));
      }
      SchemaRegistry registry = RegistryConfig.connect(config.registryUrl());
      KernelCapabilities caps = CapabilityProbe.probe();
      if (spec.cni().isPresent()) {
        CniSettings cni = spec.cni().get();
        door = CniDoor.start(config.hostId(), config.bootstrapServers(), config.tlsDir(), config.registryUrl(),
            registry, Iproute2Kernel.inCurrentNamespace(), cni.socket(), cni.stateDir(), cni.timeout(),
            spec.gateway().orElse(null));
        listeners.add(door.listener());
      }
      IpsecConfig ipsec = spec.ipsec().orElse(null);
      String refusal = ipsec == null ? HostConfig.NO_IPSEC : ipsec.refusal(caps);
      // The doctor's checks once at start: a charon that cannot load its crypto refuses encrypted
      // networks with the package to install, instead of swanctl failing every second.
      List<Check> failed = new Doctor(new SystemProbes(false)).agentStartup(refusal == null).stream()
          .filter(Check::failed).toList();
      for (Check c : failed) {
        LOG.warn("agent {} host check failed: {}: {}", config.hostId(), c.what(), c.detail());
        if (refusal == null && c.what().equals("charon")) {
          refusal = c.detail();
        }
      }
      if (refusal == null) {
        tunnels = new IpsecManager(Credentials.load(ipsec.credentialsDir()), !caps.getKernelEsp(), ipsec.workDir(),
            List.of(), ipsec.responderGrace(), Clock.systemUTC())
            .startSupervising(ipsec.checkInterval(), new IpsecMetrics(meters, config.hostId()));
      } else if (ipsec != null) {
        LOG.warn("agent {} refuses encrypted networks: {}", config.hostId(), refusal);
      }
      io.netledger.agent.kernel.Nftables nft = io.netledger.agent.kernel.NftCommand.installed().orElse(null);
      if (nft == null) {
        LOG.warn("agent {}: nft not found (package nftables): containers get no egress", config.hostId());
      }
      AgentLoop loop = AgentLoop.builder(config)
          .kernel(Iproute2Kernel.inCurrentNamespace())
          .nftables(nft)
          .consumer(new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(), new ByteArrayDeserializer()))
          .producer(new KafkaProducer<>(producerConfig(config), new StringSerializer(), new ByteArraySerializer()))
          .registry(registry)
          .capabilities(caps)
          .hostProblems(failed)
          .meters(meters)
          .listeners(listeners)
          .host(new HostConfig(config.hostId(), config.underlayIp(), config.underlayDevice(), refusal))
          .ipsec(tunnels)
          .readAllocations(spec.serving().isPresent())
          .build();
      LoopThread thread = LoopThread.start(loop, config.hostId());
      return new Agent(loop, thread, vertx, metrics, caps, tunnels, door);
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

  private static List<LogListener> serve(Vertx vertx, PrometheusMeterRegistry meters, AgentConfig config,
      Serving serving) {
    // The service address appears only when the first network is programmed; binding to it
    // before then needs non-local bind (a per-namespace sysctl: only this host namespace).
    try {
      Files.writeString(Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind"), "1");
    } catch (IOException e) {
      throw new IllegalStateException("cannot allow binding " + serving.address()
          + " before it exists (net.ipv4.ip_nonlocal_bind): " + e.getMessage(), e);
    }
    ServingListener listener = new ServingListener(config.hostId(), serving.address(),
        serving.resolvRoot() == null ? null : new ResolvConfWriter(serving.resolvRoot(), config.hostId()));
    DnsServerConfig dns = new DnsServerConfig(serving.address(), serving.dnsPort(), serving.upstreams(),
        DnsServerConfig.DEFAULT_FORWARD_TIMEOUT, DnsServerConfig.DEFAULT_NEGATIVE_TTL);
    vertx.deployVerticle(new DnsServer(dns, listener.view(), meters)).await();
    // The metadata API answers from every container of this host's networks (allocations, read
    // in full) and wakes its long polls when a new view is published.
    MetadataListener metadata = new MetadataListener(config.hostId(), config.underlayIp());
    MetadataServer server = MetadataServer.of(new MetadataConfig(serving.address(), serving.metadataPort(),
        config.underlayIp()), metadata.view());
    vertx.deployVerticle(server).await();
    metadata.onChange(server::viewChanged);
    return List.of(listener, metadata);
  }

  static Map<String, Object> consumerConfig(AgentConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // The group only records what this agent realised (committed after apply); the agent always
    // re-reads its compacted partition from the beginning, because that content is its state.
    // The one group a host's ACLs allow it (AclPlan.agentGroup).
    props.put(ConsumerConfig.GROUP_ID_CONFIG, AclPlan.agentGroup(config.hostId()));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "netledger-agent-" + config.hostId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The stream apps write under exactly-once: never act on an aborted write.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Metadata calls at start (partitionsFor, endOffsets) give up after 10 s instead of 60 and
    // the loop retries them: a restart during a broker outage waits, it does not die.
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    KafkaTls.applyTo(props, config.tlsDir());
    return props;
  }

  static Map<String, Object> producerConfig(AgentConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "netledger-agent-status-" + config.hostId());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Status is sent from the loop's thread: a send never waits long for metadata (60 s by
    // default, stalling the loop in an outage); an undelivered report fails in its callback
    // and is sent again (AgentLoop).
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    KafkaTls.applyTo(props, config.tlsDir());
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

  /**
   * Why the loop died, null while it runs or when it was closed: the process must then exit
   * non-zero, so a supervisor sees the failure instead of a clean stop.
   */
  public Throwable failure() {
    return thread.failure();
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
