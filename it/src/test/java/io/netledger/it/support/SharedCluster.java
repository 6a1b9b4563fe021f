package io.netledger.it.support;

import io.netledger.devcluster.DevCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link DevCluster} per test JVM, started by the first test class that needs it and closed
 * when the whole test plan ends (it lives in the root context's store, which closes
 * {@link AutoCloseable} values).
 *
 * <pre>{@code
 * @ExtendWith(SharedCluster.class)
 * class MyTest {
 *   @Test void t() { String bootstrap = SharedCluster.cluster().bootstrapServers(); }
 * }
 * }</pre>
 *
 * <p>It listens on {@code -Dnetledger.it.listenAddress} (default 127.0.0.1; tests with network
 * namespaces use the bridge address). Data and the servers' logs are under
 * {@code target/it-cluster-<pid>}. Tests share its topics, so each keys its records uniquely.
 */
public final class SharedCluster implements BeforeAllCallback {
  public static final String LISTEN_ADDRESS_PROPERTY = "netledger.it.listenAddress";
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);

  private static DevCluster cluster;
  private static RuntimeException failure;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", key -> cluster(), DevCluster.class);
  }

  /**
   * The running cluster, started on first call. Outside the extension (no root store) it is still
   * stopped at JVM exit by DevCluster's shutdown hook.
   */
  public static synchronized DevCluster cluster() {
    if (failure != null) {
      // Fail every later class at once with the first cause, instead of each retrying a slow start.
      throw new IllegalStateException("the shared cluster failed to start earlier: " + failure.getMessage(), failure);
    }
    if (cluster == null) {
      String address = System.getProperty(LISTEN_ADDRESS_PROPERTY, "127.0.0.1");
      DevCluster.Options options = DevCluster.Options.in(dataDir("it-cluster-"))
          .withListenAddress(address)
          .withProgress(line -> System.out.println("[shared cluster] " + line));
      try {
        cluster = DevCluster.start(options);
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
    return cluster;
  }

  /** A fresh directory under {@code target/} (kept after the run: it holds the servers' logs). */
  public static Path dataDir(String prefix) {
    try {
      Path target = Files.createDirectories(Path.of("target"));
      return Files.createTempDirectory(target, prefix + ProcessHandle.current().pid() + "-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
