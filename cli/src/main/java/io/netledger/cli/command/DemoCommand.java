package io.netledger.cli.command;

import io.netledger.avro.Encryption;
import io.netledger.devcluster.ChildProcess;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.DevCluster;
import io.netledger.devcluster.demo.LogReader;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.demo.Walkthrough;
import io.netledger.devcluster.world.NetledgerProcess;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Shell;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.topic.Topics;
import io.netledger.ui.server.UiConfig;
import io.netledger.ui.server.UiServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The README's main command: the walkthrough's scenario on this machine, narrated. As root with
 * iproute2 it builds the namespace world and runs everything as separate processes; otherwise it
 * says so in one line and runs the control plane alone, printing the derived views.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = DemoCommand.Down.class,
    description = "Run \"a day in the life of a packet\" on this machine and narrate it.")
public final class DemoCommand implements Callable<Integer> {
  /** Where a running `demo --keep` leaves its pid, for `demo down`. */
  static final Path PID_FILE = Path.of("/run/lock/netledger-demo.pid");

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", description = "Data and logs (default: a new temporary directory).")
  Path dataDir;

  @Option(names = "--keep", description = "Leave everything running at the end; stop with Ctrl-C or `netledger demo down`.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("netledger-demo-");
    out.println("netledger demo: a day in the life of a packet (data and logs in " + dir + ")");
    if (!Shell.canBuildNamespaces()) {
      out.println("netledger demo: not root or no iproute2, so no hosts or containers: running the control plane only.");
      return controlPlaneOnly(out, dir);
    }
    Walkthrough story = new Walkthrough(out,
        event -> "netledger publish " + EventOptions.kebab(event.getSchema().getName()) + EventOptions.flagsOf(event));
    PacketWorld world = story.build(dir);
    Thread stop = new Thread(world::close, "netledger-demo-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    Files.writeString(PID_FILE, Long.toString(ProcessHandle.current().pid()));
    UiServer page = null;
    try {
      story.tell(world);
      if (keep) {
        page = page(world, out);
        UiServer shown = page;
        Runtime.getRuntime().addShutdownHook(new Thread(shown::close, "netledger-demo-page-stop"));
        story.explore(dir, page.url());
        Thread.currentThread().join();
      }
    } finally {
      if (page != null) {
        page.close();
      }
      world.close();
      Files.deleteIfExists(PID_FILE);
    }
    out.println();
    out.println("Torn down: no namespace, link or process left (check: ip netns list).");
    return 0;
  }

  /** The Infrastructure page on loopback, port 8090 as `netledger ui`, or any free port when that one is taken. */
  private static UiServer page(PacketWorld world, PrintWriter out) {
    ClusterInfo info = new ClusterInfo(world.cluster().bootstrapServers(), world.cluster().registryUrl());
    java.nio.file.Path tls = world.cluster().tlsDir(io.netledger.events.security.AclPlan.UI.kafkaUser()).orElse(null);
    try {
      return UiCommand.start(UiConfig.loopback(UiConfig.DEFAULT_PORT), info, "netledger-allocator",
          java.time.Duration.ofSeconds(15), tls);
    } catch (RuntimeException e) {
      out.println("   .. port " + UiConfig.DEFAULT_PORT + " is taken (" + e.getMessage() + "); the page gets another");
      return UiCommand.start(UiConfig.loopback(0), info, "netledger-allocator", java.time.Duration.ofSeconds(15), tls);
    }
  }

  /** The stream apps on a loopback cluster; prints allocations, DNS records and each host's state. */
  private int controlPlaneOnly(PrintWriter out, Path dir) throws Exception {
    List<ChildProcess> apps = new ArrayList<>();
    try (DevCluster cluster = DevCluster.start(DevCluster.Options.in(dir.resolve("cluster")).withSecurity(true)
        .withProgress(l -> { out.println("   .. " + l); out.flush(); }))) {
      Path operator = cluster.operatorTls().orElseThrow();
      for (String app : List.of("allocator", "mesh")) {
        apps.add(NetledgerProcess.start(app, null, dir, List.of(app, "--bootstrap", cluster.bootstrapServers(),
            "--registry", cluster.registryUrl(), "--tls-dir", cluster.tlsDir(app).orElseThrow().toString(),
            "--state-dir", dir.resolve("state").resolve(app).toString(), "--http-port", "0",
            "--data-dir", dir.toString())));
      }
      try (EventPublisher p = EventPublisher.create(PublisherConfig.of(cluster.bootstrapServers(),
          cluster.registryUrl(), "netledger-demo").withTls(operator))) {
        for (SpecificRecord e : SeedScenario.events("198.51.100.11", "198.51.100.12", Encryption.IPSEC)) {
          out.println("$ netledger publish " + EventOptions.kebab(e.getSchema().getName()) + EventOptions.flagsOf(e));
          out.println("   -> " + p.publish(e));
        }
      }
      out.println("waiting for the views ...");
      out.flush();
      Thread.sleep(8000);
      for (var topic : List.of(Topics.ALLOCATIONS, Topics.DNS_RECORDS, Topics.HOST_STATE, Topics.REJECTED)) {
        out.println();
        out.println("== " + topic.name());
        LogReader.readAll(cluster.bootstrapServers(), operator, cluster.registryUrl(), List.of(topic),
            (t, part, off, key, value) -> out.printf("  %-48s %s%n", key, value));
      }
    } finally {
      apps.forEach(a -> a.stop(15));
    }
    return 0;
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop a `demo --keep` and remove every namespace and link it made.")
  public static final class Down implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (Files.exists(PID_FILE)) {
        long pid = Long.parseLong(Files.readString(PID_FILE).strip());
        ProcessHandle.of(pid).ifPresent(h -> {
          out.println("stopping demo (pid " + pid + ") ...");
          h.destroy();
          try {
            h.onExit().get(90, TimeUnit.SECONDS);
          } catch (Exception e) {
            h.destroyForcibly();
          }
        });
        Files.deleteIfExists(PID_FILE);
      }
      NetnsWorld.sweepUnderLock();
      List<String> left = NetnsWorld.leftovers();
      out.println(left.isEmpty() ? "nothing left running" : "still there: " + left);
      return left.isEmpty() ? 0 : 1;
    }
  }
}
