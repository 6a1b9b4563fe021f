package io.netledger.bench;

import io.netledger.avro.Encryption;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput through a published port against the paths beside it, on the seed world (plain
 * VXLAN network; rocketchat on H1 publishes 3000:3000, mongo on H2; an "outside" namespace on
 * the underlay): iperf3, one TCP stream, {@code seconds} each, one run per path:
 * <ul>
 *   <li>outside → H1's underlay address (the underlay itself, server in H1's namespace);</li>
 *   <li>outside → H1:3000, DNATed by H1's table to rocketchat (the published port);</li>
 *   <li>mongo → rocketchat's address:3000, straight to the container over VXLAN from H2.</li>
 * </ul>
 *
 * <pre>
 * bench/run PublishedPortBench [seconds]
 * </pre>
 * (root; iproute2, nftables, iperf3). Prints Mbit/s per path.
 */
public final class PublishedPortBench {
  private static final Pattern BPS = Pattern.compile("\"sum_received\":\\s*\\{[^}]*?\"bits_per_second\":\\s*([0-9.eE+]+)");

  private PublishedPortBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
        "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path dir = Files.createTempDirectory("netledger-port-bench-");
    try (PacketWorld world = PacketWorld.start(dir, java.util.List.of("H1", "H2"), line -> { })) {
      Duration wait = Duration.ofSeconds(60);
      world.publish(SeedScenario.network(Encryption.NONE));
      String rocketchat = world.startContainer(SeedScenario.container("rocketchat", "H1"), wait);
      world.startContainer(SeedScenario.container("mongo", "H2"), wait);
      String outside = world.world().addOutside();
      String h1 = world.world().hosts().get("H1");
      int port = SeedScenario.ROCKETCHAT_PORT;
      String rc = NetnsWorld.containerNs("rocketchat");
      until(() -> Shell.inNetns(NetnsWorld.containerNs("mongo"), 10, "ping", "-c1", "-W1", rocketchat).ok(), wait);
      Map<String, Double> mbits = new LinkedHashMap<>();
      mbits.put("outside -> H1 underlay (no netledger)", iperf(NetnsWorld.hostNs("H1"), h1, 5201,
          NetnsWorld.OUTSIDE_NS, h1, seconds));
      mbits.put("outside -> H1:" + port + " published (DNAT to rocketchat)", iperf(rc, "0.0.0.0", port,
          NetnsWorld.OUTSIDE_NS, h1, seconds));
      mbits.put("mongo (H2) -> rocketchat " + rocketchat + ":" + port + " (VXLAN)", iperf(rc, "0.0.0.0", port,
          NetnsWorld.containerNs("mongo"), rocketchat, seconds));
      System.out.printf("iperf3, one TCP stream, %d s each, one run (Mbit/s); outside is %s:%n", seconds, outside);
      mbits.forEach((path, v) -> System.out.printf("  %-58s %8.0f%n", path, v));
    }
  }

  /** One iperf3 run: a one-shot server in {@code serverNs} on {@code bind:port}, a client in {@code clientNs}. */
  static double iperf(String serverNs, String bind, int port, String clientNs, String target, int seconds)
      throws Exception {
    Process server = new ProcessBuilder("ip", "netns", "exec", serverNs, "iperf3", "-s", "-1", "-B", bind, "-p",
        String.valueOf(port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Thread.sleep(500);
      Shell.Result r = Shell.inNetns(clientNs, seconds + 30L, "iperf3", "-c", target, "-p", String.valueOf(port), "-t",
          String.valueOf(seconds), "-J");
      Matcher m = BPS.matcher(r.output());
      if (!r.ok() || !m.find()) {
        throw new IllegalStateException("iperf3 " + clientNs + " -> " + target + ":" + port + " failed: " + r.output());
      }
      return Double.parseDouble(m.group(1)) / 1e6;
    } finally {
      server.destroyForcibly().waitFor();
    }
  }

  static void until(java.util.function.BooleanSupplier ok, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
