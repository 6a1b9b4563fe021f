package io.netledger.cli.command;

import io.netledger.mesh.app.MeshApp;
import io.netledger.mesh.app.MeshAppConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code netledger mesh}: runs mesh-stream with its query API, configured like
 * {@code netledger allocator} ({@link StreamsAppOptions}; API URL written to
 * {@code <data-dir>/api/mesh.url}).
 */
@Command(name = "mesh", mixinStandardHelpOptions = true,
    description = "Run mesh-stream: each host's desired state on its own partition of host-state (exactly-once), "
        + "with its query API (default http://127.0.0.1:" + MeshAppConfig.DEFAULT_HTTP_PORT + ").")
public final class MeshCommand implements Callable<Integer> {
  @Mixin
  StreamsAppOptions app;

  @Override
  public Integer call() throws Exception {
    MeshAppConfig c;
    try {
      c = MeshAppConfig.from(app.properties(MeshAppConfig.DEFAULT_APPLICATION_ID,
          io.netledger.events.security.AclPlan.MESH.kafkaUser()));
    } catch (IllegalArgumentException e) {
      throw app.invalid(e);
    }
    return app.runUntilStopped("mesh-stream", "mesh", MeshApp.start(c), c.app().httpHost());
  }
}
