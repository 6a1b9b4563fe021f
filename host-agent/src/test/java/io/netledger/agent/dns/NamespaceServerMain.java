package io.netledger.agent.dns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netledger.agent.metadata.MetadataConfig;
import io.netledger.agent.metadata.MetadataServer;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The helper {@link NamespaceDnsTest} runs with {@code ip netns exec <host-ns> java ...}: a JVM
 * cannot move its sockets into another namespace (setns applies to a thread, and Java gives no
 * control over which thread opens a socket), so the servers run in a process started inside it.
 *
 * <p>Args: listen address, the asking container's address. Serves the seed view (DNS on 53,
 * metadata on 80, no upstream: nothing may leave the namespaces), prints {@code READY} and exits
 * when its stdin closes, so it cannot outlive the test.
 */
public final class NamespaceServerMain {
  private NamespaceServerMain() {}

  public static void main(String[] args) throws Exception {
    String listen = args[0];
    DnsView view = Fixtures.seed(args[1], "10.43.0.2");
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new DnsServer(DnsServerConfig.of(listen, 53, List.of()), () -> view,
          new SimpleMeterRegistry())).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx.deployVerticle(new MetadataServer(new MetadataConfig(listen, 80, "192.0.2.12"), () -> view))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our stdin (or die, which closes it too)
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
