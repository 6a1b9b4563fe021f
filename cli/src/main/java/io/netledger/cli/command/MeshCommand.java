package io.netledger.cli.command;

import io.netledger.events.query.StreamsAppSettings;
import io.netledger.cli.ClusterOptions;
import io.netledger.mesh.app.MeshApp;
import io.netledger.mesh.app.MeshAppConfig;
import io.netledger.mesh.topology.MeshTopology;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netledger mesh}: runs mesh-stream with its query API, configured like
 * {@code netledger allocator} (defaults, {@code --config F}, flags; API URL written to
 * {@code <data-dir>/api/mesh.url}).
 */
@Command(name = "mesh", mixinStandardHelpOptions = true,
    description = "Run mesh-stream: each host's desired state on its own partition of host-state (exactly-once), "
        + "with its query API (default http://127.0.0.1:" + MeshAppConfig.DEFAULT_HTTP_PORT + ").")
public final class MeshCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file (bootstrap.servers, registry.url, "
      + "application.id, state.dir, http.host, http.port, num.standby.replicas, streams.*).")
  Path config;

  @Option(names = "--application-id",
      description = "Kafka Streams application id (default " + MeshTopology.APPLICATION_ID + ").")
  String applicationId;

  @Option(names = "--state-dir", description = "Where the local state lives (default <data-dir>/state/<application-id>).")
  Path stateDir;

  @Option(names = "--http-host", description = "Address the query API listens on (default 127.0.0.1).")
  String httpHost;

  @Option(names = "--http-port", description = "Port of the query API, 0 for any free one (default "
      + MeshAppConfig.DEFAULT_HTTP_PORT + ").")
  Integer httpPort;

  @Option(names = "--standby-replicas", description = "Warm copies of the state on other instances (default 1).")
  Integer standbyReplicas;

  @Override
  public Integer call() throws Exception {
    Properties p = AllocatorCommand.settings(spec.commandLine().getParseResult(), config, cluster);
    AllocatorCommand.put(p, StreamsAppSettings.APPLICATION_ID, applicationId);
    AllocatorCommand.put(p, StreamsAppSettings.HTTP_HOST, httpHost);
    AllocatorCommand.put(p, StreamsAppSettings.HTTP_PORT, httpPort);
    AllocatorCommand.put(p, StreamsAppSettings.STANDBY, standbyReplicas);
    String appId = p.getProperty(StreamsAppSettings.APPLICATION_ID, MeshAppConfig.DEFAULT_APPLICATION_ID);
    AllocatorCommand.put(p, StreamsAppSettings.STATE_DIR, stateDir != null ? stateDir
        : p.containsKey(StreamsAppSettings.STATE_DIR) ? null : cluster.dataDir.resolve("state").resolve(appId));
    MeshAppConfig c;
    try {
      c = MeshAppConfig.from(p);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    MeshApp app = MeshApp.start(c);
    return AllocatorCommand.runUntilStopped("mesh-stream", "mesh", app, app::awaitRunning, app.httpPort(),
        c.app().httpHost(), cluster.dataDir, spec.commandLine().getOut(), () -> app.streams().state().hasCompletedShutdown());
  }
}
