package io.netledger.cli.command;

import io.netledger.cli.ClusterOptions;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.gateway.EventSink;
import io.netledger.gateway.Gateway;
import io.netledger.gateway.GatewayConfig;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netledger gateway}: the HTTP event gateway in the foreground until Ctrl-C. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {"Serve the HTTP event gateway for orchestrators.",
        "POST/DELETE lifecycle events as JSON, 202 once Kafka acknowledged. Contract at /openapi.json,"
            + " metrics at /metrics."})
public final class GatewayCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--listen", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--port", defaultValue = "8088", description = "Port (default ${DEFAULT-VALUE}; 0: any).")
  int port;

  @Option(names = "--source", defaultValue = "netledger-gateway", description = "Envelope source (default ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--body-limit", defaultValue = "65536", description = "Largest body in bytes (default ${DEFAULT-VALUE}).")
  long bodyLimit;

  @Option(names = "--max-in-flight", defaultValue = "2000", description = "Events awaiting Kafka's acknowledgement"
      + " beyond which requests get an immediate 503 with Retry-After (default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Override
  public Integer call() throws Exception {
    ClusterInfo info = cluster.resolve();
    EventPublisher publisher = EventPublisher.create(PublisherConfig.of(info.bootstrapServers(), info.registryUrl(), source)
        .withTimeout(cluster.timeout));
    GatewayConfig config = GatewayConfig.of(listen, port).withBodyLimit(bodyLimit).withAckTimeout(cluster.timeout)
        .withMaxInFlight(maxInFlight);
    Gateway gateway;
    try {
      gateway = Gateway.start(config, EventSink.of(publisher), publisher);
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }, "netledger-gateway-stop"));
    var out = spec.commandLine().getOut();
    out.printf("gateway listening on http://%s:%d (broker %s)%n", listen, gateway.port(), info.bootstrapServers());
    out.flush();
    stopped.await();
    return 0;
  }
}
