package io.netledger.devcluster;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) as a child JVM running
 * {@code kafka.Kafka} on this JVM's classpath.
 *
 * <p>A child rather than in-process so that the broker's threads, heap and logging stay out of
 * the caller (a test JVM or the CLI), and so that killing it is a real broker crash.
 *
 * <p>In: a data directory, an address and ports (0 = free). Out: {@link #bootstrapServers()},
 * ready once an AdminClient's describeCluster succeeds. Data survive a restart on the same
 * directory (storage is formatted only once).
 */
public final class KafkaBroker implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";

  private final String address;
  private final int port;
  private final int controllerPort;
  private final ChildProcess process;

  private KafkaBroker(String address, int port, int controllerPort, ChildProcess process) {
    this.address = address;
    this.port = port;
    this.controllerPort = controllerPort;
    this.process = process;
  }

  /** Formats storage if needed and launches the broker; call {@link #awaitReady} next. */
  public static KafkaBroker launch(Path dataDir, String address, int port) {
    int kafkaPort = Ports.orFree(port, address);
    int controllerPort = Ports.free(address);
    Path home = dataDir.toAbsolutePath();
    Path logDirs = home.resolve("data");
    Path log = home.resolve("broker.log");
    try {
      Files.createDirectories(logDirs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties props = properties(address, kafkaPort, controllerPort, logDirs);
    Path config = home.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "netledger dev broker (rewritten at every start: ports may change)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    format(logDirs, log);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java,
        "-Xmx256m", "-Xms64m",
        "-Djava.awt.headless=true",
        // INFO logging made a test broker start in 18 s instead of 5 (FACTS.md).
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-cp", absoluteClassPath(),
        ParentWatch.class.getName(), String.valueOf(ProcessHandle.current().pid()),
        "kafka.Kafka", config.toString());
    ChildProcess child = ChildProcess.start("kafka broker", command, home, log);
    return new KafkaBroker(address, kafkaPort, controllerPort, child);
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

  /**
   * The KRaft minimal set for one combined node (FACTS.md). Internal topics get one replica and
   * few partitions so the first consumer group and the first transaction start fast.
   */
  static Properties properties(String address, int port, int controllerPort, Path logDirs) {
    String host = address.contains(":") ? "[" + address + "]" : address;
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER + "://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.setProperty("controller.listener.names", CONTROLLER);
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    p.setProperty("log.dirs", logDirs.toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Topics are created by DevCluster with their catalogue settings; a typo'd name must fail.
    p.setProperty("auto.create.topics.enable", "false");
    return p;
  }

  /**
   * Formats the log directory once (a restart keeps the data). In-process with Kafka's own
   * Formatter, which is what {@code kafka-storage.sh format} runs, to save a JVM start.
   */
  private static void format(Path logDirs, Path log) {
    if (Files.exists(logDirs.resolve("meta.properties"))) {
      return;
    }
    try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
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
    // Wait for the port first: an AdminClient polling a closed port logs a warning every retry.
    while (!Ports.listening(address, port)) {
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
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }

  public int port() {
    return port;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public ProcessHandle processHandle() {
    return process.handle();
  }

  public Path log() {
    return process.log();
  }

  /** Controlled shutdown (SIGTERM), then SIGKILL after 20 s. */
  @Override
  public void close() {
    process.stop(20);
  }
}
