package io.netledger.agent.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real charons (libipsec) supervised by {@link IpsecManager}, in two namespaces joined by a
 * veth pair (no address in the root namespace): tunnels come up from the plan, carry traffic
 * between the tunnel addresses, come back after a charon is killed, and go when the plan drops
 * the peer. Needs root, charon, swanctl and openssl; skipped otherwise.
 */
class CharonTunnelTest {
  static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir
  Path tmp;
  final String prefix = "nlt-" + UUID.randomUUID().toString().substring(0, 6);
  final List<String> namespaces = new ArrayList<>();
  final List<IpsecManager> managers = new ArrayList<>();

  @BeforeEach
  void requirements() {
    assumeTrue("0".equals(sh("id", "-u").strip()), "needs root for network namespaces");
    assumeTrue(Charon.binary().isPresent(), "needs strongswan-charon + libcharon-extra-plugins");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/swanctl")), "needs strongswan-swanctl");
    assumeTrue(TestPki.unavailable() == null, TestPki.unavailable());
  }

  @AfterEach
  void cleanUp() {
    managers.forEach(IpsecManager::close);
    for (String ns : namespaces) {
      sh("ip", "netns", "del", ns);
    }
  }

  String ns(String role, String underlay) {
    String n = prefix + "-" + role;
    sh("ip", "netns", "add", n);
    namespaces.add(n);
    sh("ip", "-n", n, "link", "set", "lo", "up");
    return n;
  }

  @Test
  void tunnelsFollowThePlanCarryTrafficAndSurviveAKilledCharon() throws Exception {
    String a = ns("a", "10.99.0.1");
    String b = ns("b", "10.99.0.2");
    sh("ip", "link", "add", prefix + "-va", "type", "veth", "peer", "name", prefix + "-vb");
    sh("ip", "link", "set", prefix + "-va", "netns", a, "name", "eth0");
    sh("ip", "link", "set", prefix + "-vb", "netns", b, "name", "eth0");
    for (String[] h : new String[][] {{a, "10.99.0.1"}, {b, "10.99.0.2"}}) {
      sh("ip", "-n", h[0], "addr", "add", h[1] + "/24", "dev", "eth0");
      sh("ip", "-n", h[0], "link", "set", "eth0", "up");
      sh("ip", "-n", h[0], "addr", "add", TunnelAddress.of(h[1]) + "/32", "dev", "lo");
    }
    TestPki pki = new TestPki(Files.createDirectories(tmp.resolve("pki")));
    IpsecManager ma = manager(a, Credentials.load(pki.issue("A", "a.netledger")));
    IpsecManager mb = manager(b, Credentials.load(pki.issue("B", "b.netledger")));
    Tunnel ab = new Tunnel("nl-B", "B", "10.99.0.1", "10.99.0.2", TunnelAddress.of("10.99.0.1"),
        TunnelAddress.of("10.99.0.2"), "CN=b.netledger", true);
    Tunnel ba = new Tunnel("nl-A", "A", "10.99.0.2", "10.99.0.1", TunnelAddress.of("10.99.0.2"),
        TunnelAddress.of("10.99.0.1"), "CN=a.netledger", false);
    long t0 = System.nanoTime();
    ma.update(new TunnelPlan(Set.of("n"), List.of(ab), List.of()));
    mb.update(new TunnelPlan(Set.of("n"), List.of(ba), List.of()));
    await("tunnel up on both sides", () -> ma.status().tunnelsUp() == 1 && mb.status().tunnelsUp() == 1);
    System.out.printf("tunnel up %d ms after both plans%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    assertTrue(ping(a, TunnelAddress.of("10.99.0.2")), "traffic between tunnel addresses");
    String sas = sh("sh", "-c", "STRONGSWAN_CONF=" + ma.charon().strongswanConf() + " swanctl --list-sas --uri unix://"
        + ma.charon().socket() + " 2>/dev/null");
    assertTrue(sas.contains("ESTABLISHED, IKEv2") && sas.contains("INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-128"), sas);

    // Kill the responder's charon the hard way: the supervisor restarts it and the SA comes back.
    long pid = mb.charon().pid();
    sh("kill", "-9", Long.toString(pid));
    long killed = System.nanoTime();
    await("charon restarted and tunnel re-established",
        () -> mb.status().charonRestarts() == 1 && mb.status().tunnelsUp() == 1 && ping(a, TunnelAddress.of("10.99.0.2")));
    long restoredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    System.out.printf("traffic restored %d ms after kill -9 of charon%n", restoredMs);
    assertTrue(restoredMs < BOUND.toMillis());

    // The peer leaves the plan: its connection and SA go on both sides.
    ma.update(new TunnelPlan(Set.of("n"), List.of(), List.of()));
    mb.update(new TunnelPlan(Set.of("n"), List.of(), List.of()));
    await("SAs gone", () -> ma.swanctl().listSas().isEmpty() && mb.swanctl().listSas().isEmpty());
    // The status is read back by the supervisor's own loop, so it may lag the SAs by one round.
    await("no tunnel in the status", () -> ma.status().tunnels().isEmpty());
  }

  IpsecManager manager(String ns, Credentials c) throws IOException {
    IpsecManager m = new IpsecManager(c, true, Files.createDirectories(tmp.resolve(ns)),
        List.of("ip", "netns", "exec", ns), Duration.ofSeconds(3), Clock.systemUTC())
        .startSupervising(Duration.ofMillis(500), s -> { });
    managers.add(m);
    return m;
  }

  static boolean ping(String ns, String dst) {
    return run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", dst) == 0;
  }

  static void await(String what, BooleanSupplier ok) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      if (ok.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + " not within " + BOUND.toSeconds() + " s");
  }

  static int run(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static String sh(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
