package io.netledger.devcluster;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Apicurio Registry 3.3.3 (a Quarkus app) as a child process, serving the Confluent API at
 * {@link #registryUrl()}.
 *
 * <p>It needs Java 21+, which this project does not: it runs on {@value #DEFAULT_JAVA} or the
 * {@code java} named by the environment variable {@value #JAVA_ENV}. Its unpacked distribution is
 * found through the system property {@value #HOME_PROPERTY} or under {@code cli/target/apicurio}
 * (see {@link #findHome()}). Schemas live in an H2 file in the data directory, so they survive a
 * restart and their ids stay valid for the records already on the topics.
 */
public final class SchemaRegistryProcess implements AutoCloseable {
  public static final String HOME_PROPERTY = "netledger.apicurio.home";
  public static final String JAVA_ENV = "NETLEDGER_REGISTRY_JAVA";
  public static final String DEFAULT_JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
  private static final String RUN_JAR = "quarkus-run.jar";
  /** Main-Class of a Quarkus fast-jar's quarkus-run.jar. */
  private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

  private final String host;
  private final int port;
  private final int managementPort;
  private final ChildProcess process;

  private SchemaRegistryProcess(String host, int port, int managementPort, ChildProcess process) {
    this.host = host;
    this.port = port;
    this.managementPort = managementPort;
    this.process = process;
  }

  /** Launches the registry; call {@link #awaitReady} next. */
  public static SchemaRegistryProcess launch(Path dataDir, String address, int port) {
    Path home = dataDir.toAbsolutePath();
    Path log = home.resolve("registry.log");
    Path apicurio = findHome().orElseThrow(() -> new ClusterStartException(
        "Apicurio Registry not found: set -D" + HOME_PROPERTY + "=<folder with " + RUN_JAR
            + "> or build the cli module (it unpacks it into cli/target/apicurio)", null, null));
    String java = Optional.ofNullable(System.getenv(JAVA_ENV)).filter(s -> !s.isBlank()).orElse(DEFAULT_JAVA);
    if (!Files.isExecutable(Path.of(java))) {
      throw new ClusterStartException("the schema registry needs Java 21+, not found at " + java
          + " (set " + JAVA_ENV + ")", null, null);
    }
    int httpPort = Ports.orFree(port, address);
    int managementPort = Ports.free(address);
    List<String> command = new ArrayList<>(List.of(java,
        "-Xmx256m",
        "-Djava.awt.headless=true",
        // Bind both interfaces to the chosen address: by default Quarkus listens on 0.0.0.0.
        "-Dquarkus.http.host=" + address,
        "-Dquarkus.http.port=" + httpPort,
        "-Dquarkus.management.host=" + address,
        "-Dquarkus.management.port=" + managementPort,
        "-Dapicurio.datasource.url=jdbc:h2:file:" + home.resolve("h2").resolve("registry"),
        // As a production registry would run: BACKWARD matches the build's compatibility gate.
        "-Dapicurio.rules.global.compatibility=BACKWARD",
        // Re-registering the same schema text in another formatting must give the same id.
        "-Dapicurio.ccompat.use-canonical-hash=true",
        // Not -jar: ParentWatch runs Quarkus' entry point so that the registry exits with us.
        // What the jar's manifest would have granted under -jar must then be given here.
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED",
        "-cp", apicurio.resolve(RUN_JAR) + File.pathSeparator + ownCodeSource(),
        ParentWatch.class.getName(), String.valueOf(ProcessHandle.current().pid()),
        QUARKUS_MAIN));
    ChildProcess child = ChildProcess.start("schema registry", command, home, log);
    return new SchemaRegistryProcess(address, httpPort, managementPort, child);
  }

  /** The jar or classes folder ParentWatch was loaded from (it needs nothing else). */
  private static String ownCodeSource() {
    try {
      return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | RuntimeException e) {
      throw new ClusterStartException("cannot locate netledger's own classes for the registry's launcher: " + e, null, e);
    }
  }

  /**
   * The unpacked Apicurio folder (the one holding {@code quarkus-run.jar}): the system property if
   * set, else {@code devcluster/target/apicurio} (where this module's build unpacks it) found from
   * the working directory or from where this class was loaded (devcluster/target/classes, or a
   * jar in cli/target/lib or bench/target/lib of the same checkout).
   */
  public static Optional<Path> findHome() {
    String property = System.getProperty(HOME_PROPERTY);
    if (property != null && !property.isBlank()) {
      Path home = Path.of(property);
      return Files.isRegularFile(home.resolve(RUN_JAR)) ? Optional.of(home.toAbsolutePath()) : Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    Path cwd = Path.of("").toAbsolutePath();
    candidates.add(cwd.resolve("devcluster/target/apicurio"));
    candidates.add(cwd.resolve("target/apicurio"));
    candidates.add(cwd.resolve("../devcluster/target/apicurio"));
    try {
      Path loadedFrom = Path.of(SchemaRegistryProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = loadedFrom; p != null; p = p.getParent()) {
        candidates.add(p.resolve("apicurio"));
        candidates.add(p.resolve("target/apicurio"));
        candidates.add(p.resolve("devcluster/target/apicurio"));
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code source (unusual class loader): the other candidates remain
    }
    return candidates.stream().filter(p -> Files.isRegularFile(p.resolve(RUN_JAR)))
        .map(p -> p.toAbsolutePath().normalize()).findFirst();
  }

  /** Waits for management {@code /health/ready} and the Confluent API to answer 200. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient http = io.netledger.events.http.Http1Client.builder(Duration.ofSeconds(1)).build();
    String health = "http://" + hostForUrl() + ":" + managementPort + "/health/ready";
    String subjects = registryUrl() + "/subjects";
    String last = "no answer yet";
    while (true) {
      process.checkAlive();
      try {
        int healthStatus = get(http, health);
        int apiStatus = healthStatus == 200 ? get(http, subjects) : -1;
        if (healthStatus == 200 && apiStatus == 200) {
          return;
        }
        last = health + " -> " + healthStatus + ", " + subjects + " -> " + apiStatus;
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterStartException("interrupted waiting for the schema registry", process.log(), e);
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterStartException("schema registry at " + registryUrl() + " not healthy after "
            + timeout.toSeconds() + " s (" + last + "); log " + process.log() + ", last lines:\n"
            + process.tail(30), process.log(), null);
      }
      KafkaBroker.sleep(250);
    }
  }

  private static int get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private String hostForUrl() {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The Confluent-compatible root, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
  public String registryUrl() {
    return "http://" + hostForUrl() + ":" + port + "/apis/ccompat/v7";
  }

  public int port() {
    return port;
  }

  public int managementPort() {
    return managementPort;
  }

  public ProcessHandle processHandle() {
    return process.handle();
  }

  public Path log() {
    return process.log();
  }

  /** SIGTERM (Quarkus closes H2 cleanly), then SIGKILL after 15 s. */
  @Override
  public void close() {
    process.stop(15);
  }
}
