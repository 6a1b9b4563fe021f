package io.netledger.it.ipsec;

import io.netledger.events.security.Principal;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Pki;
import io.netledger.devcluster.world.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures for encrypted networks, in one run on one world (root; strongSwan, iperf3, openssl):
 * iperf3 throughput across hosts on a plain VXLAN network and on an IPsec network (alternating,
 * 3 rounds of 5 s, one stream), and the time from a new peer appearing (its first container
 * published) to the first packet through its tunnel (ping to H1 answered), for 3 new hosts.
 *
 * <pre>
 * mvn -B -o -q -pl it -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/nl-cp.txt
 * java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.netledger.avro -cp it/target/test-classes:$(cat /tmp/nl-cp.txt) \
 *   io.netledger.it.ipsec.EncryptedMeshBench
 * </pre>
 */
public final class EncryptedMeshBench {
  private static final Pattern BPS = Pattern.compile("\"sum_received\":\\s*\\{[^}]*?\"bits_per_second\":\\s*([0-9.eE+]+)");

  private EncryptedMeshBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("nl-ipsec-bench-");
    Pki pki = new Pki(dir.resolve("pki"));
    List<String> joiners = List.of("H3", "H4", "H5");
    for (String h : List.of("H1", "H2", "H3", "H4", "H5")) {
      pki.issueHost(dir.resolve("ipsec").resolve(h), h);
    }
    try (PacketWorld world = PacketWorld.start(dir, List.of("H1", "H2"), line -> { })) {
      Duration wait = Duration.ofSeconds(60);
      world.publish(SeedScenario.network(Encryption.IPSEC));
      world.publish(NetworkCreated.newBuilder(SeedScenario.network(Encryption.NONE)).setNetworkId("plain")
          .setName("plain").setCidr("10.43.0.0/16").setVni(4343).setDnsDomain("plain.internal").build());
      String enc = world.startContainer(container("enc-1", "H1", SeedScenario.NETWORK), wait);
      world.startContainer(container("enc-2", "H2", SeedScenario.NETWORK), wait);
      String plain = world.startContainer(container("plain-1", "H1", "plain"), wait);
      world.startContainer(container("plain-2", "H2", "plain"), wait);
      until(() -> ping("enc-2", enc) && ping("plain-2", plain), Duration.ofSeconds(60));
      List<Double> p = new ArrayList<>();
      List<Double> e = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        p.add(iperf("plain-1", "plain-2", plain));
        e.add(iperf("enc-1", "enc-2", enc));
      }
      System.out.printf("iperf3 H2->H1, one stream, 5 s x 3 (Mbit/s): plain VXLAN %s, IPsec/libipsec %s%n", p, e);

      List<Long> join = new ArrayList<>();
      for (String h : joiners) {
        String ip = world.world().addHost(h);
        world.publish(HostRegistered.newBuilder().setHostId(h).setHostname(h.toLowerCase()).setUnderlayIp(ip)
            .setIkeIdentity(Principal.host(h).ikeIdentity()).build());
        world.startAgent(h);
        Path log = dir.resolve("agent-" + h + ".log");
        until(() -> Files.exists(log) && read(log).contains("caught up"), Duration.ofSeconds(60));
        String name = "new-" + h.toLowerCase();
        world.world().addContainer(name);
        long t0 = System.nanoTime();
        world.publish(container(name, h, SeedScenario.NETWORK));
        world.awaitAddress(NetnsWorld.containerNs(name), wait);
        until(() -> ping(name, enc), Duration.ofSeconds(60));
        join.add((System.nanoTime() - t0) / 1_000_000);
      }
      System.out.printf("new peer (first container published) -> first ping through its tunnel to H1 (ms): %s%n", join);
    } finally {
      for (String h : List.of("H1", "H2", "H3", "H4", "H5")) {
        Shell.run(List.of("rm", "-rf", "/var/lib/netledger/ipsec-" + h), 10);
      }
    }
  }

  static ContainerStarted container(String name, String host, String network) {
    return ContainerStarted.newBuilder().setContainerId("c-" + name).setName(name).setHostId(host)
        .setNetworkId(network).setNetns(NetnsWorld.containerNs(name)).build();
  }

  static boolean ping(String from, String ip) {
    return Shell.inNetns(NetnsWorld.containerNs(from), 10, "ping", "-c1", "-W1", ip).ok();
  }

  static double iperf(String serverContainer, String clientContainer, String serverIp) throws Exception {
    Process server = new ProcessBuilder("ip", "netns", "exec", NetnsWorld.containerNs(serverContainer), "iperf3", "-s",
        "-1", "-B", serverIp).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Thread.sleep(500);
      Shell.Result r = Shell.inNetns(NetnsWorld.containerNs(clientContainer), 60, "iperf3", "-c", serverIp, "-t", "5", "-J");
      Matcher m = BPS.matcher(r.output());
      if (!r.ok() || !m.find()) {
        throw new IllegalStateException("iperf3 failed: " + r.output());
      }
      return Math.round(Double.parseDouble(m.group(1)) / 1e6);
    } finally {
      server.destroyForcibly().waitFor();
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
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
