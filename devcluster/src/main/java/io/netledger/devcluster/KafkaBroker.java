package io.netledger.devcluster;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import io.netledger.events.topic.Replication;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One KRaft node (broker and controller combined) of a dev cluster, as a child JVM running
 * {@code kafka.Kafka} on this JVM's classpath.
 *
 * <p>A child rather than in-process so that the broker's threads, heap and logging stay out of
 * the caller (a test JVM or the CLI), and so that killing it is a real broker crash.
 *
 * <p>Why combined nodes: with three of them the controller quorum has three voters and survives
 * the loss of any one, exactly as the brokers do, with three JVMs rather than six on a machine
 * of two cores; separate controllers would only matter at a scale no dev cluster reaches. The
 * quorum is static ({@code controller.quorum.voters}): every node knows every voter from its
 * config, so a restarted node needs no bootstrap step.
 *
 * <p>In: the node and the whole cluster's nodes. Out: {@link #bootstrapServers()}, ready once
 * an AdminClient's describeCluster through it succeeds. Data survive a restart on the same
 * directory (storage is formatted only once). {@link #kill()} and {@link #restart()} are the
 * fault suite's crash and recovery.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaNode node;
  private final List<String> command;
  private final Path home;
  private final Path log;
  private final BrokerSecurity security;
  private volatile ChildProcess process;

  private KafkaBroker(KafkaNode node, List<String> command, Path home, Path log, BrokerSecurity security) {
    this.node = node;
    this.security = security;
    this.command = command;
    this.home = home;
    this.log = log;
    this.process = ChildProcess.start(name(node), command, home, log);
  }

  private static String name(KafkaNode node) {
    return "kafka broker " + node.id();
  }

  /** A single node on {@code address} ({@code port} 0: any free one); call {@link #awaitReady} next. */
  public static KafkaBroker launch(Path dataDir, String address, int port) {
    KafkaNode node = new KafkaNode(1, address, Ports.orFree(port, address), Ports.free(address), null);
    return launch(dataDir, node, List.of(node), ClusterIds.of(dataDir));
  }

  /**
   * Formats storage if needed and launches {@code self}, one of {@code all}; every node of a
   * cluster must be formatted with the same {@code clusterId}.
   */
  public static KafkaBroker launch(Path dataDir, KafkaNode self, List<KafkaNode> all, String clusterId) {
    return launch(dataDir, self, all, clusterId, null);
  }

  /**
   * As {@link #launch(Path, KafkaNode, List, String)}; with {@code tls} (the broker principal's
   * credentials, valid for every node's address) the node listens on TLS only and authorizes.
   */
  public static KafkaBroker launch(Path dataDir, KafkaNode self, List<KafkaNode> all, String clusterId,
      BrokerSecurity tls) {
    Path home = dataDir.toAbsolutePath();
    Path logDirs = home.resolve("data");
    Path log = home.resolve("broker.log");
    try {
      Files.createDirectories(logDirs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties props = properties(self, all, logDirs, tls);
    Path config = home.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "netledger dev broker (rewritten at every start: ports may change)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    format(self.id(), clusterId, logDirs, log);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    if (self.netns() != null) {
      // ip netns exec execs the JVM: it keeps the pid, so SIGTERM and SIGKILL reach the broker.
      command.addAll(List.of("ip", "netns", "exec", self.netns()));
    }
    command.addAll(List.of(java,
        "-Xmx256m", "-Xms64m",
        "-Djava.awt.headless=true",
        // INFO logging made a test broker start in 18 s instead of 5 (FACTS.md).
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-cp", absoluteClassPath(),
        ParentWatch.class.getName(), String.valueOf(ProcessHandle.current().pid()),
        "kafka.Kafka", config.toString()));
    return new KafkaBroker(self, List.copyOf(command), home, log, tls);
  }

  /**
   * This JVM's classpath with every entry made absolute: the child runs in the data directory, so
   * relative entries (as from {@code java -cp target/lib/*}) would not resolve there. Under
   * surefire the classpath may be one manifest-only jar, whose Class-Path entries are absolute.
   */
  static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** One node alone: its own voter (what {@code dev up} without {@code --brokers} runs). */
  static Properties properties(String address, int port, int controllerPort, Path logDirs) {
    KafkaNode node = new KafkaNode(1, address, port, controllerPort, null);
    return properties(node, List.of(node), logDirs);
  }

  /**
   * The one place a broker's config is built (FACTS.md's KRaft minimal set): every node a
   * combined broker and controller, every node a voter. Kafka's own internal topics (consumer
   * offsets, transaction state) and any topic created without a replication factor (Streams'
   * when it cannot describe the cluster) get the catalogue's {@link Replication} for this
   * cluster's size, so a transaction's commit survives the loss of a broker too. Few internal
   * partitions so the first consumer group and the first transaction start fast.
   */
  static Properties properties(KafkaNode self, List<KafkaNode> all, Path logDirs) {
    return properties(self, all, logDirs, null);
  }

  /**
   * As {@link #properties(KafkaNode, List, Path)}; {@code security} non-null makes every listener
   * (clients, inter-broker, controller) TLS with required client certificates, maps certificate
   * subjects to Kafka users ({@link io.netledger.events.security.Principal#kafkaMappingRules()})
   * and authorizes with {@code StandardAuthorizer}: whatever no ACL allows is refused.
   */
  static Properties properties(KafkaNode self, List<KafkaNode> all, Path logDirs, BrokerSecurity security) {
    Replication r = Replication.forBrokers(all.size());
    String host = self.host();
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", String.valueOf(self.id()));
    p.setProperty("controller.quorum.voters", all.stream().map(KafkaNode::voter).collect(Collectors.joining(",")));
    p.setProperty("listeners", "PLAINTEXT://" + host + ":" + self.port() + "," + CONTROLLER + "://" + host + ":"
        + self.controllerPort());
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + self.port());
    p.setProperty("controller.listener.names", CONTROLLER);
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    p.setProperty("log.dirs", logDirs.toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("default.replication.factor", String.valueOf(r.factor()));
    p.setProperty("min.insync.replicas", String.valueOf(r.minInsyncReplicas()));
    p.setProperty("offsets.topic.replication.factor", String.valueOf(r.factor()));
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", String.valueOf(r.factor()));
    p.setProperty("transaction.state.log.min.isr", String.valueOf(r.minInsyncReplicas()));
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("share.coordinator.state.topic.replication.factor", String.valueOf(r.factor()));
    p.setProperty("share.coordinator.state.topic.min.isr", String.valueOf(r.minInsyncReplicas()));
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    if (all.size() > 1) {
      // A restarted node takes its partitions' leadership back soon (default 300 s), so a fault
      // test ends on the same layout it started with.
      p.setProperty("leader.imbalance.check.interval.seconds", "10");
      // A killed broker is fenced, and its partitions led elsewhere, after its session times
      // out: 9 s by default, measured here as ~12 s of stalled publishing. 6 s (heartbeats every
      // second) still leaves room for a loaded machine's pauses.
      p.setProperty("broker.session.timeout.ms", "6000");
      p.setProperty("broker.heartbeat.interval.ms", "1000");
    }
    // Topics are created by DevCluster with their catalogue settings; a typo'd name must fail.
    p.setProperty("auto.create.topics.enable", "false");
    if (security != null) {
      security.applyTo(p, self);
    }
    return p;
  }

  /**
   * Formats the log directory once (a restart keeps the data). In-process with Kafka's own
   * Formatter, which is what {@code kafka-storage.sh format} runs, to save a JVM start.
   */
  private static void format(int nodeId, String clusterId, Path logDirs, Path log) {
    if (Files.exists(logDirs.resolve("meta.properties"))) {
      return;
    }
    try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setControllerListenerName(CONTROLLER)
          .setMetadataLogDirectory(logDirs.toString())
          .addDirectory(logDirs.toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new ClusterStartException("kafka storage in " + logDirs + " could not be formatted: " + e, log, e);
    }
  }

  /** Waits until an AdminClient sees the cluster, or throws with the end of the broker's log. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties props = new Properties();
    props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "netledger-dev-readiness-" + UUID.randomUUID());
    props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    props.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    if (security != null) {
      props.putAll(security.credentials().clientProperties());
    }
    // Wait for the port first: an AdminClient polling a closed port logs a warning every retry.
    // A node in a namespace listens on the underlay, which the root namespace reaches too.
    while (!Ports.listening(node.address(), node.port())) {
      process.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new ClusterStartException("kafka broker never listened on " + bootstrapServers() + " within "
            + timeout.toSeconds() + " s; log " + process.log() + ", last lines:\n" + process.tail(30),
            process.log(), null);
      }
      sleep(100);
    }
    try (Admin admin = Admin.create(props)) {
      while (true) {
        process.checkAlive();
        try {
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          if (System.nanoTime() > deadline) {
            throw new ClusterStartException("kafka broker at " + bootstrapServers() + " not ready after "
                + timeout.toSeconds() + " s (" + notYet + "); log " + process.log() + ", last lines:\n"
                + process.tail(30), process.log(), notYet);
          }
          if (notYet instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("interrupted waiting for the kafka broker", process.log(), notYet);
          }
          sleep(200);
        }
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException("interrupted during start", null, e);
    }
  }

  public String bootstrapServers() {
    return node.bootstrap();
  }

  public KafkaNode node() {
    return node;
  }

  /** Its TLS settings, or null for a plaintext broker. */
  public BrokerSecurity security() {
    return security;
  }

  public int port() {
    return node.port();
  }

  public int controllerPort() {
    return node.controllerPort();
  }

  public ProcessHandle processHandle() {
    return process.handle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return process.log();
  }

  /** SIGKILL, no controlled shutdown: a crash, as the fault suite needs it. Returns once it is gone. */
  public void kill() {
    ProcessHandle h = process.handle();
    h.destroyForcibly();
    try {
      h.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(name(node) + " (pid " + h.pid() + ") did not die on SIGKILL", e);
    }
  }

  /** Starts the node again on the same ports and data (after {@link #kill} or {@link #close}). */
  public synchronized void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException(name(node) + " is still running (pid " + process.pid() + ")");
    }
    process = ChildProcess.start(name(node), command, home, log);
  }

  /** Controlled shutdown (SIGTERM), then SIGKILL after 20 s. */
  @Override
  public void close() {
    process.stop(20);
  }

  @Override
  public String toString() {
    return name(node) + " at " + node.bootstrap();
  }
}
