package io.netledger.cli;

import io.netledger.devcluster.ClusterInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a command finds the cluster: {@code --bootstrap}/{@code --registry} when given, else the
 * {@code cluster.json} that {@code netledger dev up} wrote into the data directory.
 */
public final class ClusterOptions {
  @Option(names = "--data-dir", defaultValue = "${NETLEDGER_DATA_DIR:-.netledger}",
      description = "Where `dev up` keeps its data and cluster.json (default: ${DEFAULT-VALUE}).")
  public Path dataDir;

  @Option(names = "--bootstrap", description = "Kafka bootstrap servers (overrides cluster.json).")
  String bootstrap;

  @Option(names = "--registry",
      description = "Schema registry URL, Confluent-compatible root (overrides cluster.json).")
  String registry;

  @Option(names = "--tls-dir", paramLabel = "DIR",
      description = "Credentials for mutual TLS to Kafka (ca.pem and client.pem/client.key or host.pem/host.key;"
          + " default: the principal's directory that cluster.json names on a secure cluster, else plaintext).")
  Path tlsDir;

  @Option(names = "--timeout", defaultValue = "15s", converter = DurationConverter.class,
      description = "How long to wait for the broker or registry (e.g. 5s, 500ms; default ${DEFAULT-VALUE}).")
  public Duration timeout;

  /** The broker named by --bootstrap or cluster.json, if either says (for {@code doctor}). */
  public java.util.Optional<String> configuredBootstrap() {
    return java.util.Optional.ofNullable(bootstrap != null ? bootstrap : fromFile().map(ClusterInfo::bootstrapServers).orElse(null));
  }

  /** The registry named by --registry or cluster.json, if either says (for {@code doctor}). */
  public java.util.Optional<String> configuredRegistry() {
    return java.util.Optional.ofNullable(registry != null ? registry : fromFile().map(ClusterInfo::registryUrl).orElse(null));
  }

  private java.util.Optional<ClusterInfo> fromFile() {
    Path file = dataDir.resolve("cluster.json");
    return Files.exists(file) ? java.util.Optional.of(ClusterInfo.read(file)) : java.util.Optional.empty();
  }

  /**
   * The credentials directory to use: {@code --tls-dir}, else what cluster.json lists for
   * {@code kafkaUser} on a secure cluster, else null (plaintext).
   */
  public Path tlsDir(String kafkaUser) {
    if (tlsDir != null) {
      return tlsDir;
    }
    return fromFile().filter(ClusterInfo::secure).flatMap(i -> i.credentialsOf(kafkaUser)).orElse(null);
  }

  /** True when --tls-dir is given or cluster.json says the cluster is secure. */
  public boolean secure() {
    return tlsDir != null || fromFile().map(ClusterInfo::secure).orElse(false);
  }

  /** {@link #tlsDir(String)} of the dev operator, what {@code get/publish/audit} run as. */
  public Path tlsDir() {
    return tlsDir(ClusterInfo.DEFAULT_USER);
  }

  public ClusterInfo resolve() {
    String b = bootstrap;
    String r = registry;
    if (b == null || r == null) {
      Path file = dataDir.resolve("cluster.json");
      if (!Files.exists(file)) {
        throw new IllegalStateException("no cluster: " + file + " does not exist; run `netledger dev up`"
            + " or pass --bootstrap and --registry");
      }
      ClusterInfo info = ClusterInfo.read(file);
      b = b == null ? info.bootstrapServers() : b;
      r = r == null ? info.registryUrl() : r;
    }
    return new ClusterInfo(b, r);
  }
}
