package io.netledger.it.cluster;

import io.netledger.devcluster.DevCluster;
import java.nio.file.Path;

/**
 * Starts a DevCluster in {@code args[0]} (listening on {@code args[1]}, default loopback), prints {@code READY <pid> <pid>} and waits to be
 * signalled: the process that {@link ShutdownHookTest} interrupts as Ctrl-C would.
 */
public final class ClusterMain {
  private ClusterMain() {}

  public static void main(String[] args) throws InterruptedException {
    DevCluster.Options options = DevCluster.Options.in(Path.of(args[0]));
    if (args.length > 1) {
      options = options.withListenAddress(args[1]);
    }
    DevCluster cluster = DevCluster.start(options);
    System.out.println("READY " + cluster.broker().processHandle().pid() + " "
        + cluster.registry().processHandle().pid() + " " + cluster.broker().port() + " "
        + cluster.registry().port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
