package io.netledger.cli.command;

import io.netledger.events.query.StreamsAppSettings;
import io.netledger.allocator.app.AllocatorApp;
import io.netledger.allocator.app.AllocatorAppConfig;
import io.netledger.cli.ClusterOptions;
import io.netledger.cli.cluster.ClusterInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code netledger allocator}: runs allocator-stream with its query API. Settings come from
 * defaults, then {@code --config F} (keys of {@link AllocatorAppConfig}), then flags; the cluster
 * from flags, the config file, or {@code <data-dir>/cluster.json}, in that order. While it runs it
 * writes its API URL to {@code <data-dir>/api/allocator.url}, which {@code netledger get} reads.
 */
@Command(name = "allocator", mixinStandardHelpOptions = true,
    description = "Run allocator-stream: addresses, blocks and DNS records from the input log (exactly-once), "
        + "with its query API (default http://127.0.0.1:" + AllocatorAppConfig.DEFAULT_HTTP_PORT + ").")
public final class AllocatorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file (bootstrap.servers, registry.url, "
      + "application.id, state.dir, http.host, http.port, num.standby.replicas, quarantine, streams.*).")
  Path config;

  @Option(names = "--application-id", description = "Kafka Streams application id (default netledger-allocator).")
  String applicationId;

  @Option(names = "--state-dir", description = "Where the local state lives (default <data-dir>/state/<application-id>).")
  Path stateDir;

  @Option(names = "--quarantine",
      description = "Allocations in a network before a released address is handed out again (default 64).")
  Integer quarantine;

  @Option(names = "--http-host", description = "Address the query API listens on (default 127.0.0.1).")
  String httpHost;

  @Option(names = "--http-port", description = "Port of the query API, 0 for any free one (default "
      + AllocatorAppConfig.DEFAULT_HTTP_PORT + ").")
  Integer httpPort;

  @Option(names = "--standby-replicas", description = "Warm copies of the state on other instances (default 1).")
  Integer standbyReplicas;

  @Override
  public Integer call() throws Exception {
    Properties p = settings(spec.commandLine().getParseResult(), config, cluster);
    put(p, StreamsAppSettings.APPLICATION_ID, applicationId);
    put(p, AllocatorAppConfig.QUARANTINE, quarantine);
    put(p, StreamsAppSettings.HTTP_HOST, httpHost);
    put(p, StreamsAppSettings.HTTP_PORT, httpPort);
    put(p, StreamsAppSettings.STANDBY, standbyReplicas);
    String appId = p.getProperty(StreamsAppSettings.APPLICATION_ID, AllocatorAppConfig.DEFAULT_APPLICATION_ID);
    put(p, StreamsAppSettings.STATE_DIR, stateDir != null ? stateDir
        : p.containsKey(StreamsAppSettings.STATE_DIR) ? null : cluster.dataDir.resolve("state").resolve(appId));
    AllocatorAppConfig c;
    try {
      c = AllocatorAppConfig.from(p);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    AllocatorApp app = AllocatorApp.start(c);
    return runUntilStopped("allocator-stream", "allocator", app, app::awaitRunning, app.httpPort(), c.app().httpHost(),
        cluster.dataDir, spec.commandLine().getOut(), () -> app.streams().state().hasCompletedShutdown());
  }

  /** Config file, then the cluster flags, then cluster.json for what is still missing. */
  static Properties settings(ParseResult parsed, Path config, ClusterOptions cluster) {
    Properties p = config == null ? new Properties() : AllocatorAppConfig.load(config);
    if (parsed.hasMatchedOption("--bootstrap")) {
      p.setProperty(StreamsAppSettings.BOOTSTRAP, parsed.matchedOptionValue("--bootstrap", ""));
    }
    if (parsed.hasMatchedOption("--registry")) {
      p.setProperty(StreamsAppSettings.REGISTRY, parsed.matchedOptionValue("--registry", ""));
    }
    if (!p.containsKey(StreamsAppSettings.BOOTSTRAP) || !p.containsKey(StreamsAppSettings.REGISTRY)) {
      ClusterInfo info = cluster.resolve();
      p.putIfAbsent(StreamsAppSettings.BOOTSTRAP, info.bootstrapServers());
      p.putIfAbsent(StreamsAppSettings.REGISTRY, info.registryUrl());
    }
    return p;
  }

  static void put(Properties p, String key, Object value) {
    if (value != null) {
      p.setProperty(key, value.toString());
    }
  }

  interface Waiter {
    boolean await(Duration d) throws InterruptedException;
  }

  /**
   * Runs an app in the foreground until SIGTERM/Ctrl-C, then closes it gracefully (committing its
   * last transaction). Publishes the API URL under {@code <data-dir>/api/<name>.url} meanwhile.
   */
  static int runUntilStopped(String title, String name, AutoCloseable app, Waiter running, int port, String host,
      Path dataDir, PrintWriter out, java.util.function.BooleanSupplier dead) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Path urlFile = dataDir.resolve("api").resolve(name + ".url");
    String url = "http://" + host + ":" + port;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
        Files.deleteIfExists(urlFile);
      } catch (Exception e) {
        System.err.println(title + ": close failed: " + e);
      }
      stopped.countDown();
    }, name + "-stop"));
    try {
      Files.createDirectories(urlFile.getParent());
      Files.writeString(urlFile, url + "\n");
    } catch (IOException e) {
      out.println(title + ": cannot write " + urlFile + " (" + e.getMessage() + "); `get` needs --api " + url);
    }
    out.println(title + " query API on " + url);
    out.flush();
    long t0 = System.nanoTime();
    if (running.await(Duration.ofSeconds(60))) {
      out.printf("%s running (%.1f s)%n", title, (System.nanoTime() - t0) / 1e9);
    } else {
      out.printf("%s not RUNNING after 60 s; still trying%n", title);
    }
    out.flush();
    while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      if (dead.getAsBoolean()) {
        out.println(title + " stopped (Kafka Streams shut down)");
        out.flush();
        return 1;
      }
    }
    return 0;
  }
}
