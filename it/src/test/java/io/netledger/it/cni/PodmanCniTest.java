package io.netledger.it.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.Allocation;
import io.netledger.avro.Encryption;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.demo.LogReader;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Shell;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The CNI plugin under a real runtime: podman in two host namespaces whose agents serve the CNI
 * door. Containers get their address from the control plane, reach each other by name, show it
 * in {@code podman inspect}, release it on {@code podman rm}; an exhausted network fails
 * {@code podman run} with the allocator's reason and leaves nothing behind.
 *
 * <p>With {@code -Dnetledger.bench=true} the last step times {@code podman run --rm ... true}
 * with netledger-cni against the reference bridge + host-local plugins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodmanCniTest {
  static PacketWorld world;
  static Podman podman;
  static final List<String[]> created = new ArrayList<>();

  @BeforeAll
  static void setUp() {
    assumeTrue(Shell.canBuildNamespaces(), "needs root and iproute2 to build network namespaces");
    String missing = Podman.missing();
    assumeTrue(missing == null, () -> "podman test skipped: " + missing);
    Path dir = SharedCluster.dataDir("cni-");
    world = PacketWorld.start(dir, List.of("H1", "H2"), line -> System.out.println("[world] " + line));
    world.publish(SeedScenario.network(Encryption.NONE));
    // Room for very few containers: the exhaustion case.
    world.publish(NetworkCreated.newBuilder().setNetworkId("tiny").setName("tiny").setCidr("10.99.0.0/29")
        .setBlockPrefixLength(29).setVni(4299).setMtu(1450).setDnsDomain("tiny.internal")
        .setEncryption(Encryption.NONE).build());
    // No way out (natOutgoing off), yet a published port answers: its replies go by their mark.
    world.publish(NetworkCreated.newBuilder().setNetworkId("closed").setName("closed").setCidr("10.98.0.0/24")
        .setBlockPrefixLength(26).setVni(4298).setMtu(1450).setDnsDomain("closed.internal")
        .setEncryption(Encryption.NONE).setNatOutgoing(false).build());
    for (String h : List.of("H1", "H2")) {
      awaitSocket(world.cniSocket(h));
    }
    podman = new Podman(dir);
    podman.install(List.of("H1", "H2"), world::cniSocket);
  }

  @AfterAll
  static void tearDown() {
    if (podman != null) {
      for (String[] c : created) {
        podman.podman(c[0], 60, "rm", "-f", "-t", "0", c[1]);
      }
    }
    if (world != null) {
      world.close();
    }
    assertEquals(List.of(), NetnsWorld.leftovers());
  }

  /** PacketWorld starts agents without waiting for them; their CNI door opens once they run. */
  static void awaitSocket(Path socket) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(socket)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no agent serves " + socket + " after 60 s; see " + socket.getParent() + "/agent-*.log");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static Shell.Result run(String host, String name, String network) {
    created.add(new String[] {host, name});
    return podman.podman(host, 120, "run", "-d", "--name", name, "--network", network, "--cap-add", "NET_RAW",
        Podman.IMAGE, "sleep", "600");
  }

  static Map<String, Allocation> allocations() {
    Map<String, Allocation> out = new HashMap<>();
    LogReader.readAll(world.cluster().bootstrapServers(), world.cluster().registryUrl(), List.of(Topics.ALLOCATIONS),
        (t, p, o, key, value) -> out.put(key, (Allocation) value));
    return out;
  }

  static String id(String host, String name) {
    return podman.podman(host, 30, "inspect", "--format", "{{.Id}}", name).orThrow().output().strip();
  }

  @Test
  @Order(1)
  void containersGetAddressesFromTheControlPlaneAndPingByName() {
    run("H1", "web1", "netledger").orThrow();
    run("H2", "web2", "netledger").orThrow();
    for (String[] c : List.of(new String[] {"H1", "web1"}, new String[] {"H2", "web2"})) {
      String ip = podman.podman(c[0], 30, "inspect", "--format", "{{.NetworkSettings.Networks.netledger.IPAddress}}",
          c[1]).orThrow().output().strip();
      Allocation a = allocations().get(id(c[0], c[1]));
      assertNotNull(a, "no allocation for " + c[1]);
      assertEquals("ALLOCATED", a.getState().name());
      assertEquals(a.getIp(), ip, c[1] + ": podman inspect shows the allocated address");
      String inside = podman.podman(c[0], 30, "exec", c[1], "ip", "-4", "-o", "addr", "show", "eth0").orThrow().output();
      assertTrue(inside.contains(ip + "/16"), inside);
      String resolv = podman.podman(c[0], 30, "exec", c[1], "cat", "/etc/resolv.conf").orThrow().output();
      assertTrue(resolv.contains("nameserver 169.254.169.250"), resolv);
    }
    Shell.Result ping = podman.podman("H1", 60, "exec", "web1", "ping", "-c", "2", "-W", "3", "web2");
    assertTrue(ping.ok(), ping.output());
    ping = podman.podman("H2", 60, "exec", "web2", "ping", "-c", "2", "-W", "3", "web1");
    assertTrue(ping.ok(), ping.output());
  }

  @Test
  @Order(2)
  void podmanRmReleasesTheAddressAndTheName() throws Exception {
    String id = id("H1", "web1");
    podman.podman("H1", 60, "rm", "-f", "-t", "0", "web1").orThrow();
    // DEL returns once the removal is on the log; the allocator releases right after.
    Allocation last = null;
    for (int i = 0; i < 100; i++) {
      Map<String, Allocation> after = allocations();
      assertTrue(after.containsKey(id), "the allocation of " + id + " was never written");
      last = after.get(id);
      // Released: a RELEASED record, or already its tombstone (the compacted view forgets it).
      if (last == null || last.getState().name().equals("RELEASED")) {
        break;
      }
      Thread.sleep(200);
    }
    assertTrue(last == null || last.getState().name().equals("RELEASED"), String.valueOf(last));
    Shell.Result lookup = null;
    for (int i = 0; i < 50; i++) {
      lookup = podman.podman("H2", 30, "exec", "web2", "nslookup", "web1");
      if (!lookup.ok()) {
        break;
      }
      Thread.sleep(100);
    }
    assertFalse(lookup.ok(), "DNS still answers web1: " + lookup.output());
    assertFalse(Files.exists(world.cniSocket("H1").resolveSibling(world.cniSocket("H1").getFileName() + ".d")
        .resolve(id + ".json")), "attachment record removed");
  }

  @Test
  @Order(3)
  void anExhaustedNetworkFailsPodmanRunClearlyAndLeavesNothing() {
    List<String> before = Shell.run("ip", "netns", "list").output().lines().toList();
    Shell.Result failed = null;
    String failedName = null;
    for (int i = 0; i < 10 && failed == null; i++) {
      String name = "tiny" + i;
      Shell.Result r = run("H1", name, "netledger-tiny");
      if (!r.ok()) {
        failed = r;
        failedName = name;
      }
    }
    assertNotNull(failed, "the /29 network never filled up");
    assertEquals(126, failed.exitCode(), failed.output());
    assertTrue(failed.output().contains("netledger refused"), failed.output());
    System.out.println("[cni] podman's error for an exhausted network: " + failed.output().strip());
    Shell.Result ps = podman.podman("H1", 30, "ps", "-a", "--filter", "name=^" + failedName + "$", "--format", "{{.State}}");
    // podman keeps a created-but-never-started container; it holds no address and no interface.
    assertFalse(ps.output().contains("running"), ps.output());
    List<String> after = Shell.run("ip", "netns", "list").output().lines().toList();
    int started = (int) created.stream().filter(c -> c[1].startsWith("tiny")).count() - 1;
    assertEquals(before.size() + started, after.size(), "only the running containers' namespaces: " + after);
  }

  /** What {@code curl} from {@code ns} reads at {@code url} within 3 s ("" when it gets nowhere). */
  static String curl(String ns, String url) {
    return Shell.inNetns(ns, 10, "curl", "-s", "-m", "3", url).output().strip();
  }

  static String outside;

  /** A shell line for the busybox image: serve {@code text} over HTTP on port 80 (the image has no /tmp). */
  static String serve(String text) {
    return "busybox mkdir -p /www && echo " + text + " > /www/index.html && exec busybox httpd -f -p 80 -h /www";
  }

  /** A container whose command exited is torn down by podman (CNI DEL): say so with its logs. */
  static void assertRunning(String host, String name) {
    String state = podman.podman(host, 30, "inspect", "--format", "{{.State.Running}}", name).output().strip();
    assertEquals("true", state, name + " is not running: " + podman.podman(host, 30, "logs", name).output());
  }

  @Test
  @Order(4)
  void podmanRunDashPPublishesThePortWithOurPluginAlone() throws Exception {
    outside = world.world().addOutside();
    created.add(new String[] {"H1", "webp"});
    podman.podman("H1", 120, "run", "-d", "--name", "webp", "--network", "netledger", "-p", "8080:80", Podman.IMAGE,
        "sh", "-c", serve("published-by-netledger")).orThrow();
    assertRunning("H1", "webp");
    Allocation a = allocations().get(id("H1", "webp"));
    assertEquals("ALLOCATED", a.getState().name());
    assertEquals(1, a.getPorts().size(), a.toString());
    assertEquals(8080, a.getPorts().get(0).getHostPort());
    assertEquals(80, a.getPorts().get(0).getContainerPort());
    String h1 = world.world().hosts().get("H1");
    String url = "http://" + h1 + ":8080/";
    String got = "";
    for (int i = 0; i < 100 && !got.equals("published-by-netledger"); i++) {
      got = curl(NetnsWorld.OUTSIDE_NS, url);
      Thread.sleep(200);
    }
    assertEquals("published-by-netledger", got, "outside -> " + url);
    System.out.println("[cni] podman run -p 8080:80 on H1: curl " + url + " from the outside namespace: " + got);
    assertEquals("", curl(NetnsWorld.OUTSIDE_NS, "http://" + world.world().hosts().get("H2") + ":8080/"),
        "published on H1 only");
    // A second `-p 8080` on H1 is the allocator's PORT_IN_USE, as podman's error.
    created.add(new String[] {"H1", "webp2"});
    Shell.Result clash = podman.podman("H1", 120, "run", "-d", "--name", "webp2", "--network", "netledger", "-p",
        "8080:80", Podman.IMAGE, "sleep", "600");
    assertEquals(126, clash.exitCode(), clash.output());
    assertTrue(clash.output().contains("PORT_IN_USE"), clash.output());
    podman.podman("H1", 60, "rm", "-f", "-t", "0", "webp").orThrow();
    for (int i = 0; i < 100 && !curl(NetnsWorld.OUTSIDE_NS, url).isEmpty(); i++) {
      Thread.sleep(200);
    }
    assertEquals("", curl(NetnsWorld.OUTSIDE_NS, url), "podman rm unpublished the port");
  }

  @Test
  @Order(5)
  void theReferencePortmapBandwidthAndFirewallPluginsChainAfterOurs() throws Exception {
    created.add(new String[] {"H2", "chain1"});
    Shell.Result add = podman.podman("H2", 120, "run", "-d", "--name", "chain1", "--network", "netledger-chained",
        "-p", "8082:80", "--cap-add", "NET_RAW", Podman.IMAGE, "sleep", "600");
    assertTrue(add.ok(), "ADD through netledger-cni, portmap, bandwidth, firewall: " + add.output());
    String ip = podman.podman("H2", 30, "inspect", "--format",
        "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
        "chain1").orThrow().output().strip();
    Allocation a = allocations().get(id("H2", "chain1"));
    assertEquals("ALLOCATED", a.getState().name());
    assertEquals(a.getIp(), ip, "podman inspect " + ip + " vs allocation " + a.getIp());
    assertTrue(a.getPorts().isEmpty(), "portmap, not netledger, took -p here: " + a.getPorts());
    String ns = NetnsWorld.hostNs("H2");
    String veth = io.netledger.agent.calc.Owned.vethName(id("H2", "chain1"));
    String nat = Shell.inNetns(ns, 10, "iptables", "-t", "nat", "-S").output();
    assertTrue(nat.contains("--dport 8082") && nat.contains(a.getIp() + ":80"), "portmap's DNAT: " + nat);
    String tc = Shell.inNetns(ns, 10, "tc", "qdisc", "show", "dev", veth).output();
    assertTrue(tc.contains("tbf"), "bandwidth's tbf on " + veth + ": " + tc);
    String filter = Shell.inNetns(ns, 10, "iptables", "-S", "CNI-FORWARD").output();
    assertTrue(filter.contains(a.getIp()), "firewall's rule for the container: " + filter);
    System.out.println("[cni] chained ADD: " + a.getIp() + "; " + tc.lines().findFirst().orElse("") + "; "
        + nat.lines().filter(l -> l.contains("8082")).findFirst().orElse(""));
    assertTrue(podman.podman("H2", 60, "exec", "chain1", "ping", "-c", "1", "-W", "3", "web2").ok(),
        "the chained container is on the overlay");

    Shell.Result del = podman.podman("H2", 60, "rm", "-f", "-t", "0", "chain1");
    assertTrue(del.ok(), "DEL through the chain: " + del.output());
    assertFalse(Shell.inNetns(ns, 10, "iptables", "-t", "nat", "-S").output().contains("--dport 8082"),
        "portmap's DEL removed its DNAT");
    assertFalse(Shell.inNetns(ns, 10, "iptables", "-S", "CNI-FORWARD").output().contains(a.getIp()),
        "firewall's DEL removed its rule");
    Allocation last = null;
    for (int i = 0; i < 100; i++) {
      last = allocations().get(a.getOwnerId());
      if (last == null || last.getState().name().equals("RELEASED")) {
        break;
      }
      Thread.sleep(200);
    }
    assertTrue(last == null || last.getState().name().equals("RELEASED"), "our DEL released it: " + last);
  }

  @Test
  @Order(6)
  void aPublishedPortAnswersOnANetworkWithoutNatOutgoingWhichStillHasNoWayOut() throws Exception {
    created.add(new String[] {"H2", "webc"});
    podman.podman("H2", 120, "run", "-d", "--name", "webc", "--network", "netledger-closed", "-p", "8083:80",
        "--cap-add", "NET_RAW", Podman.IMAGE, "sh", "-c", serve("closed-but-published")).orThrow();
    assertRunning("H2", "webc");
    String url = "http://" + world.world().hosts().get("H2") + ":8083/";
    String got = "";
    for (int i = 0; i < 100 && !got.equals("closed-but-published"); i++) {
      got = curl(NetnsWorld.OUTSIDE_NS, url);
      Thread.sleep(200);
    }
    assertEquals("closed-but-published", got, "outside -> " + url + " with natOutgoing=false");
    Shell.Result out = podman.podman("H2", 30, "exec", "webc", "ping", "-c", "1", "-W", "2", outside);
    assertFalse(out.ok(), "natOutgoing=false: the container reached the outside: " + out.output());
  }

  @Test
  @Order(9)
  void benchmarkAgainstBridgeAndHostLocal() {
    assumeTrue(Boolean.getBoolean("netledger.bench"), "benchmark runs with -Dnetledger.bench=true");
    int reps = Integer.getInteger("netledger.bench.reps", 10);
    List<Long> ours = new ArrayList<>();
    List<Long> ref = new ArrayList<>();
    for (int i = 0; i < reps + 2; i++) {
      long a = timeRun("netledger");
      long b = timeRun("refbridge");
      if (i >= 2) { // warm-up: the first runs load images and page in the JVM
        ours.add(a);
        ref.add(b);
      }
    }
    long mOurs = median(ours);
    long mRef = median(ref);
    System.out.printf("[bench] podman run --rm true, %d reps interleaved: netledger-cni median %d ms (min %d, max %d);"
        + " bridge+host-local median %d ms (min %d, max %d); ratio %.2f%n", reps, mOurs,
        ours.stream().min(Long::compare).orElseThrow(), ours.stream().max(Long::compare).orElseThrow(), mRef,
        ref.stream().min(Long::compare).orElseThrow(), ref.stream().max(Long::compare).orElseThrow(), (double) mOurs / mRef);
  }

  private static long timeRun(String network) {
    long t0 = System.nanoTime();
    podman.podman("H2", 120, "run", "--rm", "--network", network, Podman.IMAGE, "true").orThrow();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static long median(List<Long> xs) {
    List<Long> s = xs.stream().sorted().toList();
    return s.get(s.size() / 2);
  }
}
