package io.netledger.cli.command;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.cli.ClusterOptions;
import io.netledger.cli.Main;
import io.netledger.audit.AuditException;
import io.netledger.audit.LogSource;
import io.netledger.audit.Progress;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.mesh.topology.MeshTopology;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What every {@code audit} subcommand shares: where the log is, which allocator, and the output form. */
public final class AuditOptions {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--application-id", defaultValue = "netledger-allocator",
      description = "The allocator's Streams application id, which names its decision-order topic (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--quarantine", defaultValue = "" + AllocatorConfig.DEFAULT_QUARANTINE,
      description = "The allocator's --quarantine, which the replay must share (default ${DEFAULT-VALUE}).")
  int quarantine;

  @Option(names = "--event-window", defaultValue = "" + AllocatorConfig.DEFAULT_EVENT_WINDOW,
      description = "The allocator's --event-window, which the replay must share (default ${DEFAULT-VALUE}).")
  int eventWindow;

  @Option(names = "--json", description = "Machine-readable JSON instead of tables.")
  boolean json;

  LogSource source() {
    // Avro 1.12 decodes generated classes only from packages it was told about.
    MeshTopology.allowAvroClasses();
    ClusterInfo info = cluster.resolve();
    return new LogSource(info.bootstrapServers(), info.registryUrl(), cluster.timeout, applicationId,
        cluster.tlsDir());
  }

  AllocatorConfig config() {
    return new AllocatorConfig(quarantine).withEventWindow(eventWindow);
  }

  Progress progress(CommandSpec spec, String what) {
    return Progress.onTerminal(spec.commandLine().getErr(), what);
  }

  /** Runs a subcommand body; an {@link AuditException} becomes its message and exit code. */
  static int run(CommandSpec spec, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (AuditException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("netledger: " + e.getMessage());
      err.flush();
      return e.exitCode() == 2 ? Main.USAGE : Main.FAILURE;
    }
  }
}
