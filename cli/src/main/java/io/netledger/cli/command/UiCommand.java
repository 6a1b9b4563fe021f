package io.netledger.cli.command;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.cli.ClusterOptions;
import io.netledger.audit.LogSource;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.RegistrySerdes;
import io.netledger.mesh.topology.MeshTopology;
import io.netledger.ui.server.UiConfig;
import io.netledger.ui.server.UiServer;
import io.netledger.ui.why.AuditHistory;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netledger ui}: the Infrastructure page in the foreground until Ctrl-C. */
@Command(name = "ui", mixinStandardHelpOptions = true,
    description = {"Serve the Infrastructure page, live from the log.",
        "Hosts, containers and their addresses, networks, the mesh and the last rejections, pushed by"
            + " server-sent events. Read-only."})
public final class UiCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--listen", defaultValue = UiConfig.DEFAULT_HOST, description = "Address to bind (default ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--port", defaultValue = "" + UiConfig.DEFAULT_PORT, description = "Port (default ${DEFAULT-VALUE}; 0: any).")
  int port;

  @Option(names = "--application-id", defaultValue = "netledger-allocator",
      description = "The allocator's application id, whose decision log the \"why\" links replay (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port " + port + " is outside 0..65535");
    }
    ClusterInfo info = cluster.resolve();
    MeshTopology.allowAvroClasses();
    try (UiServer ui = start(new UiConfig(listen, port), info, applicationId, cluster.timeout,
        cluster.tlsDir(io.netledger.events.security.AclPlan.UI.kafkaUser()))) {
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        ui.close();
        stopped.countDown();
      }, "netledger-ui-stop"));
      var out = spec.commandLine().getOut();
      out.printf("Infrastructure page on %s (broker %s)%n", ui.url(), info.bootstrapServers());
      out.flush();
      stopped.await();
    }
    return 0;
  }

  /** The page on {@code config}, following the cluster's log, with "why" from the allocator's decision log. */
  public static UiServer start(UiConfig config, ClusterInfo info, String applicationId, java.time.Duration timeout) {
    return start(config, info, applicationId, timeout, null);
  }

  /** As the four-argument form, reading as the principal whose credentials are in {@code tlsDir} (null: plaintext). */
  public static UiServer start(UiConfig config, ClusterInfo info, String applicationId, java.time.Duration timeout,
      java.nio.file.Path tlsDir) {
    LogSource source = new LogSource(info.bootstrapServers(), info.registryUrl(), timeout, applicationId, tlsDir);
    return UiServer.start(config, new AuditHistory(source, AllocatorConfig.DEFAULT)).follow(info.bootstrapServers(),
        tlsDir, new RegistrySerdes(RegistryConfig.connect(info.registryUrl()), false));
  }
}
