package io.netledger.devcluster;

import io.netledger.events.security.AclPlan;
import io.netledger.events.security.ClusterCa;
import io.netledger.events.security.Principal;
import io.netledger.events.topic.Replication;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.TopicCheck;
import io.netledger.events.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A development cluster on this machine: one or more KRaft brokers and one Apicurio schema
 * registry as child processes, every catalogue topic created with the replication its size asks
 * ({@link Replication}).
 *
 * <p>In: {@link Options}. Out: {@link #bootstrapServers()}, {@link #registryUrl()}, and
 * {@code <dataDir>/cluster.json} for other processes. Both servers start in parallel (the
 * registry does not use Kafka: its storage is an H2 file). {@link #close()}, and a JVM shutdown
 * hook on Ctrl-C, stop both and their process trees, so no process or port is left behind.
 *
 * <pre>{@code
 * try (DevCluster cluster = DevCluster.start(DevCluster.Options.in(Path.of("/tmp/nl")).withProgress(System.out::println))) {
 *   SchemaRegistry registry = RegistryConfig.connect(cluster.registryUrl());
 *   ... cluster.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class DevCluster implements AutoCloseable {
  /** Cold starts take 5-12 s on an idle machine, but 50 s were seen with five builds sharing two cores. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  /**
   * How to start a cluster.
   *
   * @param dataDir holds {@code kafka/} ({@code kafka/node-<id>/} for more than one broker),
   *     {@code registry/} (data and logs) and {@code cluster.json}
   * @param listenAddress where both servers listen: loopback, or a bridge address that network
   *     namespaces reach
   * @param kafkaPort 0 picks a free port (the first broker's)
   * @param registryPort 0 picks a free port
   * @param progress narration, one line per step
   * @param brokers how many KRaft nodes (each its own process, data directory and ports)
   * @param brokerHosts empty, or one per broker: the namespace and address it runs on (the test
   *     world's "control-plane hosts"), where it listens on 9092 (clients) and 9093 (controller)
   * @param secure a cluster CA under {@code pki/}, credentials per principal under
   *     {@code credentials/<kafka user>/}, TLS listeners with client certificates and the
   *     {@link AclPlan} ACLs; false: plaintext and no authorization (experiments)
   */
  public record Options(Path dataDir, String listenAddress, int kafkaPort, int registryPort,
      Consumer<String> progress, int brokers, List<BrokerHost> brokerHosts, boolean secure) {
    public Options(Path dataDir, String listenAddress, int kafkaPort, int registryPort,
        Consumer<String> progress, int brokers, List<BrokerHost> brokerHosts) {
      this(dataDir, listenAddress, kafkaPort, registryPort, progress, brokers, brokerHosts, false);
    }

    public Options {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(listenAddress, "listenAddress");
      progress = progress == null ? line -> { } : progress;
      brokerHosts = brokerHosts == null ? List.of() : List.copyOf(brokerHosts);
      if (brokers < 1) {
        throw new IllegalArgumentException("--brokers must be at least 1, not " + brokers);
      }
      if (!brokerHosts.isEmpty() && brokerHosts.size() != brokers) {
        throw new IllegalArgumentException(brokers + " brokers but " + brokerHosts.size() + " broker hosts");
      }
    }

    /** Loopback, free ports, one broker, silent. */
    public static Options in(Path dataDir) {
      return new Options(dataDir, "127.0.0.1", 0, 0, null, 1, List.of(), false);
    }

    /** TLS, client certificates and ACLs ({@code true}), or plaintext for experiments. */
    public Options withSecurity(boolean on) {
      return new Options(dataDir, listenAddress, kafkaPort, registryPort, progress, brokers, brokerHosts, on);
    }

    public Options withListenAddress(String address) {
      return new Options(dataDir, address, kafkaPort, registryPort, progress, brokers, brokerHosts, secure);
    }

    public Options withPorts(int kafka, int registry) {
      return new Options(dataDir, listenAddress, kafka, registry, progress, brokers, brokerHosts, secure);
    }

    public Options withProgress(Consumer<String> progress) {
      return new Options(dataDir, listenAddress, kafkaPort, registryPort, progress, brokers, brokerHosts, secure);
    }

    /** {@code n} brokers on {@link #listenAddress}, each on its own free ports. */
    public Options withBrokers(int n) {
      return new Options(dataDir, listenAddress, kafkaPort, registryPort, progress, n, List.of(), secure);
    }

    /** One broker per host, each in its namespace. */
    public Options withBrokerHosts(List<BrokerHost> hosts) {
      return new Options(dataDir, listenAddress, kafkaPort, registryPort, progress, hosts.size(), hosts, secure);
    }
  }

  /** Where one broker runs: a network namespace (null: this one) and its address there. */
  public record BrokerHost(String netns, String address) {}

  /** Port of every broker's client listener when it has an address of its own. */
  public static final int HOST_KAFKA_PORT = 9092;
  /** Port of every broker's controller listener when it has an address of its own. */
  public static final int HOST_CONTROLLER_PORT = 9093;

  private final List<KafkaBroker> brokers;
  private final SchemaRegistryProcess registry;
  private final Path dataDir;
  private final ClusterCredentials credentials;
  private final Duration startup;
  private final Thread shutdownHook;
  private volatile ClusterInfo info;
  private volatile boolean closed;

  private DevCluster(List<KafkaBroker> brokers, SchemaRegistryProcess registry, Path dataDir,
      ClusterCredentials credentials, Duration startup) {
    this.brokers = List.copyOf(brokers);
    this.registry = registry;
    this.dataDir = dataDir;
    this.credentials = credentials;
    this.startup = startup;
    this.info = describe();
    this.shutdownHook = new Thread(this::stopAll, "netledger-dev-cluster-shutdown");
  }

  private ClusterInfo describe() {
    return new ClusterInfo(brokers.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(",")),
        registry.registryUrl(), brokers.stream().map(b -> new ClusterInfo.Broker(b.node().id(),
            b.bootstrapServers(), b.processHandle().pid(), b.node().netns())).toList(),
        credentials != null, credentials == null ? Map.of() : credentials.directories());
  }

  /** Every node's address, ports fixed from here on (so one restarts where the others expect it). */
  static List<KafkaNode> nodes(Options o) {
    List<KafkaNode> nodes = new ArrayList<>();
    for (int i = 1; i <= o.brokers(); i++) {
      if (o.brokerHosts().isEmpty()) {
        String a = o.listenAddress();
        nodes.add(new KafkaNode(i, a, i == 1 ? Ports.orFree(o.kafkaPort(), a) : Ports.free(a), Ports.free(a), null));
      } else {
        BrokerHost h = o.brokerHosts().get(i - 1);
        nodes.add(new KafkaNode(i, h.address(), HOST_KAFKA_PORT, HOST_CONTROLLER_PORT, h.netns()));
      }
    }
    return nodes;
  }

  /** A node's own directory: {@code kafka/} alone, {@code kafka/node-<id>/} in a cluster. */
  static Path nodeDir(Path kafkaDir, KafkaNode node, int brokers) {
    return brokers == 1 ? kafkaDir : kafkaDir.resolve("node-" + node.id());
  }

  /**
   * Starts broker and registry in parallel, creates every topic of {@link Topics#all()}, writes
   * {@code cluster.json}. On any failure stops what did start and throws a
   * {@link ClusterStartException} naming the failed part and its log.
   */
  public static DevCluster start(Options o) {
    long began = System.nanoTime();
    Path dataDir = o.dataDir().toAbsolutePath();
    Consumer<String> say = o.progress();
    List<AutoCloseable> started = new ArrayList<>();
    // Registered before launching so that Ctrl-C during a slow start still stops the children.
    Thread earlyHook = new Thread(() -> closeQuietly(started), "netledger-dev-cluster-start-abort");
    Runtime.getRuntime().addShutdownHook(earlyHook);
    // Own threads, not the common pool: on two cores that pool has one thread and would start
    // the servers one after the other (and a broker waits for its quorum's other voters).
    ExecutorService starters = Executors.newFixedThreadPool(o.brokers() + 1, r -> {
      Thread t = new Thread(r, "netledger-dev-cluster-start");
      t.setDaemon(true);
      return t;
    });
    List<CompletableFuture<?>> parts = new ArrayList<>();
    try {
      List<KafkaNode> nodes = nodes(o);
      Path kafkaDir = dataDir.resolve("kafka");
      String clusterId = ClusterIds.of(kafkaDir);
      ClusterCredentials creds = o.secure() ? ClusterCredentials.issue(dataDir, nodes) : null;
      if (creds != null) {
        say.accept("cluster CA in " + creds.ca().dir() + "; credentials per principal in " + creds.root());
      }
      say.accept("starting " + (nodes.size() == 1 ? "kafka broker" : nodes.size() + " kafka brokers (KRaft, combined"
          + " broker+controller, " + nodes.size() + " voters)") + " and schema registry on " + o.listenAddress()
          + " (data in " + dataDir + ")");
      List<CompletableFuture<KafkaBroker>> brokers = new ArrayList<>();
      for (KafkaNode node : nodes) {
        CompletableFuture<KafkaBroker> broker = CompletableFuture.supplyAsync(() -> {
          KafkaBroker b = KafkaBroker.launch(nodeDir(kafkaDir, node, nodes.size()), node, nodes, clusterId,
              creds == null ? null : creds.brokerSecurity());
          track(started, b);
          b.awaitReady(READY_TIMEOUT);
          say.accept(String.format("kafka broker %d ready at %s after %.1f s (pid %d%s)", node.id(), b.bootstrapServers(),
              seconds(began), b.processHandle().pid(), node.netns() == null ? "" : ", in " + node.netns()));
          return b;
        }, starters);
        brokers.add(broker);
        parts.add(broker);
      }
      CompletableFuture<SchemaRegistryProcess> registry = CompletableFuture.supplyAsync(() -> {
        SchemaRegistryProcess r = SchemaRegistryProcess.launch(dataDir.resolve("registry"), o.listenAddress(), o.registryPort());
        track(started, r);
        r.awaitReady(READY_TIMEOUT);
        say.accept(String.format("schema registry ready at %s after %.1f s (pid %d)", r.registryUrl(),
            seconds(began), r.processHandle().pid()));
        return r;
      }, starters);
      parts.add(registry);
      List<KafkaBroker> bs = new ArrayList<>();
      for (CompletableFuture<KafkaBroker> b : brokers) {
        bs.add(join(b));
      }
      String bootstrap = bs.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
      Properties admin = creds == null ? plainAdmin(bootstrap) : creds.operatorAdmin(bootstrap);
      createTopics(admin, say);
      if (creds != null) {
        List<AclBinding> acls = AclPlan.components();
        ClusterCredentials.apply(admin, acls);
        say.accept("ACLs: " + acls.size() + " entries for " + ClusterCredentials.COMPONENTS.size()
            + " principals (TLS listeners, client certificates required)");
      }
      SchemaRegistryProcess r = join(registry);
      DevCluster cluster = new DevCluster(bs, r, dataDir, creds, Duration.ofNanos(System.nanoTime() - began));
      cluster.info.write(dataDir.resolve(ClusterInfo.FILE_NAME));
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
      Runtime.getRuntime().removeShutdownHook(earlyHook);
      say.accept(String.format("cluster ready in %.1f s; %s", cluster.startup.toMillis() / 1000.0,
          dataDir.resolve(ClusterInfo.FILE_NAME)));
      return cluster;
    } catch (RuntimeException e) {
      // Stopping what runs makes the other parts' readiness waits fail fast; then wait for them
      // to end and stop again, in case one launched in between.
      closeQuietly(started);
      awaitQuietly(parts);
      closeQuietly(started);
      removeHook(earlyHook);
      throw e;
    } finally {
      starters.shutdown();
    }
  }

  private static void awaitQuietly(List<CompletableFuture<?>> futures) {
    for (CompletableFuture<?> f : futures) {
      if (f == null) {
        continue;
      }
      try {
        f.get(READY_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException ignored) {
        // its failure is reported by the first exception, or it is being torn down anyway
      }
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void track(List<AutoCloseable> started, AutoCloseable part) {
    synchronized (started) {
      started.add(part);
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Creates the catalogue topics with their partitions and configs; existing ones are kept. */
  private static Properties plainAdmin(String bootstrap) {
    Properties props = new Properties();
    props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return props;
  }

  private static void createTopics(Properties props, Consumer<String> say) {
    String bootstrapServers = props.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    try (Admin admin = Admin.create(props)) {
      Replication replication = TopicCheck.replicationOf(admin);
      List<NewTopic> topics = new ArrayList<>();
      for (Topic<?> t : Topics.all()) {
        topics.add(t.newTopic(replication));
      }
      int created = 0;
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get(60, TimeUnit.SECONDS);
          created++;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new ClusterStartException("cannot create topic " + entry.getKey() + ": " + e.getCause(), null, e);
          }
        }
      }
      say.accept("topics: " + created + " created, " + (topics.size() - created) + " already there; replication "
          + replication + " (factor/min ISR)");
      for (String finding : TopicCheck.findings(admin, replication)) {
        say.accept("warn: " + finding);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException("interrupted creating topics", null, e);
    } catch (ExecutionException e) {
      throw new ClusterStartException("cannot describe the cluster at " + bootstrapServers + ": " + e.getCause(), null, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new ClusterStartException("topic creation timed out on " + bootstrapServers, null, e);
    }
  }

  public String bootstrapServers() {
    return info.bootstrapServers();
  }

  public String registryUrl() {
    return info.registryUrl();
  }

  public ClusterInfo info() {
    return info;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** True when the brokers require client certificates and authorize ({@link Options#secure}). */
  public boolean secure() {
    return credentials != null;
  }

  /**
   * The credentials directory of a fixed principal ({@code allocator}, {@code mesh},
   * {@code gateway}, {@code audit}, {@code ui}, {@code operator-admin}, {@code broker}), empty on
   * a plaintext cluster: what its Kafka clients pass to {@code KafkaTls.applyTo}.
   */
  public Optional<Path> tlsDir(String kafkaUser) {
    return info.credentialsOf(kafkaUser);
  }

  /** The dev operator's credentials (a super user), empty on a plaintext cluster. */
  public Optional<Path> operatorTls() {
    return tlsDir(ClusterCredentials.OPERATOR.kafkaUser());
  }

  /** Admin client properties as the dev operator (TLS when secure). */
  public Properties adminProperties() {
    return credentials == null ? plainAdmin(bootstrapServers()) : credentials.operatorAdmin(bootstrapServers());
  }

  /**
   * Issues host {@code hostId} its credentials into {@code target} (subject
   * {@code Principal.host(hostId)}: also its IPsec identity) and, on a secure cluster, creates its
   * ACLs ({@link AclPlan#host}). Returns {@code target}.
   */
  public Path issueHost(String hostId, Path target) {
    ClusterCa ca = credentials == null ? ClusterCa.init(dataDir.resolve("pki")) : credentials.ca();
    ca.issue(Principal.host(hostId), target, List.of());
    if (credentials != null) {
      ClusterCredentials.apply(adminProperties(), AclPlan.host(hostId));
    }
    return target;
  }

  /** From {@link #start} to all servers ready and topics created. */
  public Duration startupTime() {
    return startup;
  }

  /** The first (or only) broker. */
  public KafkaBroker broker() {
    return brokers.get(0);
  }

  /** Every broker, by id (1-based) in order. */
  public List<KafkaBroker> brokers() {
    return brokers;
  }

  /** The broker with this node id. */
  public KafkaBroker broker(int id) {
    return brokers.stream().filter(b -> b.node().id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no broker " + id + " in " + brokers));
  }

  /** SIGKILL to one broker (a crash); {@link #restartBroker} brings it back. */
  public void killBroker(int id) {
    broker(id).kill();
  }

  /** Controlled shutdown of one broker (SIGTERM); {@link #restartBroker} brings it back. */
  public void stopBroker(int id) {
    broker(id).close();
  }

  /**
   * Starts a stopped or killed broker again on its ports and data, waits until it serves, and
   * rewrites {@code cluster.json} with its new pid.
   */
  public void restartBroker(int id) {
    KafkaBroker b = broker(id);
    b.restart();
    b.awaitReady(READY_TIMEOUT);
    info = describe();
    info.write(dataDir.resolve(ClusterInfo.FILE_NAME));
  }

  public SchemaRegistryProcess registry() {
    return registry;
  }

  /** Stops both servers (in parallel) and removes the shutdown hook. Idempotent. */
  @Override
  public void close() {
    stopAll();
    removeHook(shutdownHook);
  }

  private synchronized void stopAll() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> all = new ArrayList<>(brokers);
    all.add(registry);
    closeQuietly(all);
  }

  /** Closes in parallel: the two graceful shutdowns then take as long as the slower one. */
  private static void closeQuietly(List<AutoCloseable> parts) {
    List<AutoCloseable> copy;
    synchronized (parts) {
      copy = List.copyOf(parts);
    }
    List<Thread> threads = new ArrayList<>();
    for (AutoCloseable part : copy) {
      Thread t = new Thread(() -> {
        try {
          part.close();
        } catch (Exception e) {
          System.err.println("netledger dev cluster: stopping " + part + " failed: " + e);
        }
      }, "netledger-dev-cluster-stop");
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrGone) {
      // during JVM shutdown hooks cannot be removed, and need not be
    }
  }
}
