package io.netledger.cli.command;

import io.netledger.devcluster.DevCluster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "The embedded development cluster.", subcommands = DevCommand.Up.class)
public final class DevCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Run KRaft brokers (one by default) and an Apicurio schema registry in the foreground.",
          "Creates every catalogue topic and writes <data-dir>/cluster.json; Ctrl-C stops them all."})
  public static final class Up implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "${NETLEDGER_DATA_DIR:-.netledger}",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--listen", defaultValue = "127.0.0.1",
        description = "Address the broker and the registry bind to (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Broker port (0: any free port).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "0", description = "Registry port (0: any free port).")
    int registryPort;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
        description = {"KRaft nodes, each its own process, data dir and ports (default ${DEFAULT-VALUE}).",
            "3 or more give every topic 3 replicas and min.insync.replicas 2."})
    int brokers;

    @Option(names = "--insecure", description = {"Plaintext listeners and no authorization, everyone may do"
        + " anything (experiments only).", "Default: TLS listeners with client certificates, StandardAuthorizer and"
        + " the catalogue's ACLs; a cluster CA under <data-dir>/pki and credentials per principal under"
        + " <data-dir>/credentials (cluster.json says where)."})
    boolean insecure;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      if (brokers < 1 || brokers > 9) {
        spec.commandLine().getErr().println("--brokers: " + brokers + " is not a dev cluster size (1 to 9)");
        return 2;
      }
      long t0 = System.nanoTime();
      DevCluster cluster = DevCluster.start(DevCluster.Options.in(dataDir)
          .withListenAddress(listen).withPorts(kafkaPort, registryPort).withBrokers(brokers).withSecurity(!insecure)
          .withProgress(line -> { out.println("  " + line); out.flush(); }));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        cluster.close();
        stopped.countDown();
      }, "netledger-dev-down"));
      out.printf("netledger dev cluster is up (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
      out.println("  bootstrap servers: " + cluster.bootstrapServers());
      for (var b : cluster.info().brokers()) {
        out.println("  broker " + b.id() + ":          " + b.address() + " (pid " + b.pid() + ")");
      }
      out.println("  schema registry:   " + cluster.registryUrl());
      out.println("  security:          " + (cluster.secure() ? "TLS with client certificates, ACLs; operator"
          + " credentials " + cluster.operatorTls().orElseThrow() : "none (plaintext, everyone may do anything)"));
      out.println("  cluster file:      " + dataDir.resolve("cluster.json"));
      out.println("Press Ctrl-C to stop.");
      out.flush();
      stopped.await();
      return 0;
    }
  }
}
