package io.netledger.cli.command;

import io.netledger.cli.ClusterOptions;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.support.streams.StreamsApp;
import io.netledger.support.streams.StreamsAppSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags and the foreground run that {@code netledger allocator} and {@code netledger mesh}
 * share. Settings come from defaults, then {@code --config F} (keys of {@link StreamsAppSettings}
 * and the app's own), then flags; the cluster from flags, the config file, or
 * {@code <data-dir>/cluster.json}, in that order.
 */
public final class StreamsAppOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file (bootstrap.servers, registry.url, "
      + "application.id, state.dir, http.host, http.port, num.standby.replicas, streams.*, and the app's own keys).")
  Path config;

  @Option(names = "--application-id", description = "Kafka Streams application id (default netledger-<app>).")
  String applicationId;

  @Option(names = "--state-dir", description = "Where the local state lives (default <data-dir>/state/<application-id>).")
  Path stateDir;

  @Option(names = "--http-host", description = "Address the query API listens on (default 127.0.0.1).")
  String httpHost;

  @Option(names = "--http-port", description = "Port of the query API, 0 for any free one (default 7070 for the"
      + " allocator, 7071 for the mesh).")
  Integer httpPort;

  @Option(names = "--standby-replicas", description = "Warm copies of the state on other instances (default 1).")
  Integer standbyReplicas;

  /** The app's settings: config file, then cluster flags, cluster.json for what is missing, then flags. */
  Properties properties(String defaultApplicationId, String kafkaUser) {
    Properties p = config == null ? new Properties() : StreamsAppSettings.load(config);
    var parsed = spec.commandLine().getParseResult();
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
    if (!p.containsKey(StreamsAppSettings.TLS_DIR)) {
      put(p, StreamsAppSettings.TLS_DIR, cluster.tlsDir(kafkaUser));
    }
    put(p, StreamsAppSettings.APPLICATION_ID, applicationId);
    put(p, StreamsAppSettings.HTTP_HOST, httpHost);
    put(p, StreamsAppSettings.HTTP_PORT, httpPort);
    put(p, StreamsAppSettings.STANDBY, standbyReplicas);
    String appId = p.getProperty(StreamsAppSettings.APPLICATION_ID, defaultApplicationId);
    put(p, StreamsAppSettings.STATE_DIR, stateDir != null ? stateDir
        : p.containsKey(StreamsAppSettings.STATE_DIR) ? null : cluster.dataDir.resolve("state").resolve(appId));
    return p;
  }

  static void put(Properties p, String key, Object value) {
    if (value != null) {
      p.setProperty(key, value.toString());
    }
  }

  /** A bad setting as picocli reports a bad flag (usage error, exit 2). */
  ParameterException invalid(IllegalArgumentException e) {
    return new ParameterException(spec.commandLine(), e.getMessage());
  }

  /**
   * Runs an app in the foreground until SIGTERM/Ctrl-C, then closes it gracefully (committing its
   * last transaction). Publishes the API URL under {@code <data-dir>/api/<name>.url} meanwhile.
   */
  int runUntilStopped(String title, String name, StreamsApp app, String host) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    Path urlFile = cluster.dataDir.resolve("api").resolve(name + ".url");
    String url = "http://" + host + ":" + app.httpPort();
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
    if (app.awaitRunning(Duration.ofSeconds(60))) {
      out.printf("%s running (%.1f s)%n", title, (System.nanoTime() - t0) / 1e9);
    } else {
      out.printf("%s not RUNNING after 60 s; still trying%n", title);
    }
    out.flush();
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      if (app.streams().state().hasCompletedShutdown()) {
        out.println(title + " stopped (Kafka Streams shut down)");
        out.flush();
        return 1;
      }
    }
    return 0;
  }
}
