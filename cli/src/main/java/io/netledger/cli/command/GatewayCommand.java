package io.netledger.cli.command;

import io.netledger.cli.ClusterOptions;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.gateway.EventSink;
import io.netledger.gateway.Gateway;
import io.netledger.gateway.GatewayConfig;
import io.netledger.gateway.GatewayTls;
import java.nio.file.Path;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.security.Principal;
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

  @Option(names = "--https-dir", paramLabel = "DIR", description = {"Serve HTTPS with client certificates of the cluster CA:",
      "DIR holds ca.pem, gateway.pem and gateway.key (PKCS#8). A request without a certificate is 401, a principal",
      "not allowed the request 403 (hosts speak only for themselves)."})
  Path tlsDir;

  @Option(names = "--https-ca", paramLabel = "PEM", description = "The cluster CA certificate (instead of <https-dir>/ca.pem).")
  Path tlsCa;

  @Option(names = "--https-cert", paramLabel = "PEM", description = "The gateway's certificate (instead of <https-dir>/gateway.pem).")
  Path tlsCert;

  @Option(names = "--https-key", paramLabel = "PEM", description = "The gateway's PKCS#8 key (instead of <https-dir>/gateway.key).")
  Path tlsKey;

  @Option(names = "--insecure", description = "Plain HTTP, no authentication, every caller may publish everything"
      + " (experiments only; the default without TLS options).")
  boolean insecure;

  /** The TLS files from the flags, null for plain HTTP; a partial set is an error naming what is missing. */
  GatewayTls tls() {
    boolean any = tlsDir != null || tlsCa != null || tlsCert != null || tlsKey != null;
    if (insecure && any) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--insecure contradicts --https-dir/--https-*");
    }
    if (!any) {
      return null;
    }
    GatewayTls dir = tlsDir == null ? null : GatewayTls.inDir(tlsDir);
    Path ca = tlsCa != null ? tlsCa : dir == null ? null : dir.ca();
    Path cert = tlsCert != null ? tlsCert : dir == null ? null : dir.cert();
    Path key = tlsKey != null ? tlsKey : dir == null ? null : dir.key();
    if (ca == null || cert == null || key == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "TLS needs a CA, a certificate and a key: give --https-dir or all of --https-ca, --https-cert, --https-key");
    }
    for (Path p : new Path[] {ca, cert, key}) {
      if (!java.nio.file.Files.isReadable(p)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), p + " is missing or unreadable");
      }
    }
    return new GatewayTls(ca, cert, key);
  }

  @Option(names = "--wait-timeout", defaultValue = "10s", converter = io.netledger.cli.DurationConverter.class,
      description = "How long a request with ?wait=decided waits for the allocator's decision before 504"
          + " (default: ${DEFAULT-VALUE}).")
  java.time.Duration waitTimeout;

  @Override
  public Integer call() throws Exception {
    GatewayTls tls = tls();
    ClusterInfo info = cluster.resolve();
    PublisherConfig publisherConfig = PublisherConfig.of(info.bootstrapServers(), info.registryUrl(), source)
        .withTimeout(cluster.timeout).withTls(cluster.tlsDir(Principal.component("gateway").kafkaUser()));
    EventPublisher publisher = EventPublisher.create(publisherConfig);
    // One watch for every ?wait=decided request; it positions itself without blocking the start.
    io.netledger.events.publish.DecisionWatch watch = io.netledger.events.publish.DecisionWatch.start(publisherConfig);
    AutoCloseable owner = () -> {
      try {
        publisher.close();
      } finally {
        watch.close();
      }
    };
    GatewayConfig config = GatewayConfig.of(listen, port).withBodyLimit(bodyLimit).withAckTimeout(cluster.timeout)
        .withMaxInFlight(maxInFlight).withTls(tls).withWaitTimeout(waitTimeout);
    Gateway gateway;
    try {
      gateway = Gateway.start(config, EventSink.of(publisher), io.netledger.gateway.DecisionWait.of(watch), owner);
    } catch (RuntimeException e) {
      owner.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }, "netledger-gateway-stop"));
    var out = spec.commandLine().getOut();
    out.printf("gateway listening on %s://%s:%d (broker %s%s)%n", tls == null ? "http" : "https", listen, gateway.port(),
        info.bootstrapServers(), tls == null ? "; no authentication: --insecure" : "; client certificates of " + tls.ca());
    out.flush();
    stopped.await();
    return 0;
  }
}
