package io.netledger.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.calc.HostConfig;
import io.netledger.agent.calc.Owned;
import io.netledger.agent.calc.Slices;
import io.netledger.agent.dataplane.ApplyReport;
import io.netledger.agent.dataplane.Dataplane;
import io.netledger.avro.HostStateSlice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iproute2 driver on the real kernel: two "hosts" joined by a veth underlay with TEST-NET
 * addresses, rocketchat on H1 and mongo + hubot on H2 (the seed's placement), programmed from
 * hand-made slices; real pings cross the VXLAN overlay. Skips when not root or without iproute2.
 */
class Iproute2KernelTest {
  TestNet net;
  String h1;
  String h2;
  String c1;
  String c2;
  String c3;

  @BeforeEach
  void setUp() {
    String why = TestNet.unavailable();
    Assumptions.assumeTrue(why == null, why);
    net = new TestNet();
    h1 = net.namespace("h1");
    h2 = net.namespace("h2");
    c1 = net.namespace("c1");
    c2 = net.namespace("c2");
    c3 = net.namespace("c3");
    TestNet.sh("ip", "-n", h1, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", h2);
    TestNet.sh("ip", "-n", h1, "address", "add", Slices.H1_UNDERLAY + "/24", "dev", "eth0");
    TestNet.sh("ip", "-n", h2, "address", "add", Slices.H2_UNDERLAY + "/24", "dev", "eth0");
    TestNet.sh("ip", "-n", h1, "link", "set", "eth0", "up");
    TestNet.sh("ip", "-n", h2, "link", "set", "eth0", "up");
  }

  @AfterEach
  void tearDown() {
    if (net != null) {
      net.close();
    }
  }

  /** H1 holds rocketchat (10.42.0.2, block 10.42.0.0/26); H2 holds mongo (10.42.0.66, block 10.42.0.64/26). */
  Map<String, HostStateSlice> h1Slices() {
    Map<String, HostStateSlice> m = new LinkedHashMap<>();
    m.put("H1/network/managed", Slices.wrap("H1", Slices.network("10.42.0.1")));
    m.put("H1/endpoint/c-rocketchat", Slices.wrap("H1",
        Slices.endpoint("c-rocketchat", "rocketchat", c1, "10.42.0.2", "10.42.0.1")));
    m.put("H1/peer/managed/H2", Slices.wrap("H1",
        Slices.peer("H2", Slices.H2_UNDERLAY, "10.42.0.65", List.of("10.42.0.64/26"))));
    return m;
  }

  /** H2 holds mongo (10.42.0.66, its netns given as a /run/netns path) and hubot (10.42.0.67). */
  Map<String, HostStateSlice> h2Slices() {
    Map<String, HostStateSlice> m = new LinkedHashMap<>();
    m.put("H2/network/managed", Slices.wrap("H2", Slices.network("10.42.0.65")));
    m.put("H2/endpoint/c-mongo", Slices.wrap("H2",
        Slices.endpoint("c-mongo", "mongo", "/run/netns/" + c2, "10.42.0.66", "10.42.0.65")));
    m.put("H2/endpoint/c-hubot", Slices.wrap("H2",
        Slices.endpoint("c-hubot", "hubot", c3, "10.42.0.67", "10.42.0.65")));
    m.put("H2/peer/managed/H1", Slices.wrap("H2",
        Slices.peer("H1", Slices.H1_UNDERLAY, "10.42.0.1", List.of("10.42.0.0/26"))));
    return m;
  }

  Dataplane agent(String hostNs, String hostId, String underlay, Map<String, HostStateSlice> slices) {
    Dataplane d = new Dataplane(new HostConfig(hostId, underlay, "eth0"), Iproute2Kernel.forHostNamespace(hostNs));
    slices.forEach(d::onUpdate);
    d.markCaughtUp();
    return d;
  }

  static void assertClean(ApplyReport r) {
    assertTrue(r.clean(), () -> r.errors().toString());
  }

  static boolean ping(String fromNs, String ip) {
    return TestNet.run("ip", "netns", "exec", fromNs, "ping", "-c", "2", "-i", "0.2", "-W", "2", ip).exitCode() == 0;
  }

  /** One probe, one second: for the pings that must fail. */
  static boolean unreachable(String fromNs, String ip) {
    return TestNet.run("ip", "netns", "exec", fromNs, "ping", "-c", "1", "-W", "1", ip).exitCode() != 0;
  }

  @Test
  void twoHostsReachEachOtherOverTheOverlayAndDriftIsRepaired() {
    // A leftover device of ours with the wrong VNI must be recreated, not adjusted.
    TestNet.sh("ip", "-n", h2, "link", "add", "nlx42", "type", "vxlan", "id", "99", "local", Slices.H2_UNDERLAY,
        "dstport", "4789");
    Dataplane a1 = agent(h1, "H1", Slices.H1_UNDERLAY, h1Slices());
    Dataplane a2 = agent(h2, "H2", Slices.H2_UNDERLAY, h2Slices());
    assertClean(a1.apply());
    assertClean(a2.apply());
    Link vx = Iproute2Kernel.forHostNamespace(h2).read(Namespace.HOST).get(Link.class, "nlx42");
    assertEquals(new Link.Vxlan(42, Slices.H2_UNDERLAY, 4789, false, "eth0"), vx.vxlan());

    assertTrue(ping(c2, "10.42.0.2"), "mongo (H2) pings rocketchat (H1) over VXLAN");
    assertTrue(ping(c1, "10.42.0.66"), "and back");
    assertTrue(ping(c2, "10.42.0.65"), "mongo pings its gateway");
    assertTrue(ping(c2, "10.42.0.67"), "mongo pings hubot on the same host");
    assertTrue(ping(c1, "10.42.0.67"), "rocketchat pings hubot across hosts");
    // As in the seed: the container's ARP table shows the host side's MAC for a remote address.
    String hostSideMac = Iproute2Kernel.forHostNamespace(h2).read(Namespace.HOST)
        .get(Link.class, Owned.vethName("c-mongo")).mac();
    assertTrue(TestNet.sh("ip", "-n", c2, "neigh", "show", "10.42.0.2").contains(hostSideMac));

    // Restart: a new agent over the same kernel recognises everything and changes nothing.
    ApplyReport again = agent(h2, "H2", Slices.H2_UNDERLAY, h2Slices()).apply();
    assertClean(again);
    assertEquals(0, again.changes());

    // Drift: an owned route deleted by hand comes back; a foreign route in the same table survives.
    TestNet.sh("ip", "-n", h2, "route", "del", "10.42.0.0/26", "table", "100");
    TestNet.sh("ip", "-n", h2, "route", "add", "198.51.100.0/24", "dev", "eth0", "table", "100");
    assertTrue(unreachable(c2, "10.42.0.2"), "the overlay is broken without the block route");
    a2.requestResync();
    ApplyReport repaired = a2.apply();
    assertClean(repaired);
    assertEquals(1, repaired.changes());
    KernelState host2 = Iproute2Kernel.forHostNamespace(h2).read(Namespace.HOST);
    assertNotNull(host2.get(Route.class, List.of(100, "10.42.0.0/26")));
    assertNotNull(host2.get(Route.class, List.of(100, "198.51.100.0/24")), "foreign route untouched");
    assertTrue(ping(c2, "10.42.0.2"));
  }

  @Test
  void readBackEqualsWhatWasApplied() {
    Iproute2Kernel k = Iproute2Kernel.forHostNamespace(h1);
    Link vx = Link.vxlan("nlx7", 1400, "0a:58:0a:07:00:01", new Link.Vxlan(7, Slices.H1_UNDERLAY, 4789, false, null));
    List<KernelObject> objects = List.of(vx,
        new Address("nlx7", "10.7.0.1/32"),
        new Neighbour("nlx7", "10.7.0.65", "0a:58:0a:07:00:41"),
        new FdbEntry("nlx7", "0a:58:0a:07:00:41", Slices.H2_UNDERLAY),
        Route.onlinkVia(107, "10.7.0.64/26", "10.7.0.65", "nlx7", 211),
        Route.unreachable(107, "0.0.0.0/0", 211),
        Rule.incoming(Family.INET, 20100, "nlx7", 107),
        new Sysctl("net.ipv4.ip_forward", "1"));
    List<Result> results = k.apply(Namespace.HOST, objects.stream().map(Change::add).toList());
    assertTrue(results.stream().allMatch(Result::ok), results::toString);
    KernelState read = k.read(Namespace.HOST);
    for (KernelObject o : objects) {
      KernelObject back = read.get(o.getClass(), o.key());
      if (o instanceof Link l) {
        assertTrue(l.compatible((Link) back) && l.settled((Link) back), () -> back + " vs " + o);
      } else {
        assertEquals(o, back);
      }
    }
    // The kernel's answers map to the statuses the driver relies on.
    List<Result> again = k.apply(Namespace.HOST, List.of(
        Change.add(Route.unreachable(107, "0.0.0.0/0", 211)),
        Change.delete(Route.direct(107, "10.9.9.0/24", "nlx7", 211)),
        Change.delete(Rule.incoming(Family.INET, 20100, "nlx99", 107)),
        Change.add(new Address("nosuch", "10.7.0.9/32"))));
    assertEquals(List.of(Result.Status.EXISTS, Result.Status.NOT_FOUND, Result.Status.NOT_FOUND,
        Result.Status.NOT_FOUND), again.stream().map(Result::status).toList(), again::toString);
  }

  @Test
  void twoNetworksOnOneHostNeverReachEachOther() {
    // c2 is given as a path that is not /run/netns/<name>: the driver enters it with nsenter.
    var other = Slices.endpoint("c-other", "other", "/var/run/netns/" + c2, "10.43.0.2", "10.43.0.1");
    other.setNetworkId("other");
    other.setPrefixLength(16);
    Map<String, HostStateSlice> m = h1Slices();
    m.put("H1/network/other", Slices.wrap("H1", Slices.network("other", "10.43.0.0/16", 43, 101, "10.43.0.1")));
    m.put("H1/endpoint/c-other", Slices.wrap("H1", other));
    Dataplane a1 = agent(h1, "H1", Slices.H1_UNDERLAY, m);
    assertClean(a1.apply());

    assertTrue(ping(c1, "10.42.0.1") && ping(c2, "10.43.0.1"), "each container reaches its gateway");
    assertTrue(unreachable(c1, "10.43.0.2") && unreachable(c2, "10.42.0.2"), "no route between networks");
    assertTrue(unreachable(c1, Slices.H1_UNDERLAY), "nor from a network to the host's underlay");
  }

  @Test
  void nothingIsSweptBeforeCaughtUpAndTombstonesAreSweptAfter() {
    assertClean(agent(h2, "H2", Slices.H2_UNDERLAY, h2Slices()).apply());
    Iproute2Kernel k = Iproute2Kernel.forHostNamespace(h2);
    String hubot = Owned.vethName("c-hubot");

    // Restarted, hubot and H1 not read yet: their absence proves nothing, so nothing goes.
    Map<String, HostStateSlice> partial = h2Slices();
    partial.remove("H2/endpoint/c-hubot");
    partial.remove("H2/peer/managed/H1");
    Dataplane restarted = new Dataplane(new HostConfig("H2", Slices.H2_UNDERLAY, "eth0"), k);
    partial.forEach(restarted::onUpdate);
    ApplyReport early = restarted.apply();
    assertClean(early);
    assertTrue(early.deferredDeletes() > 0);
    assertNotNull(k.read(Namespace.HOST).get(Link.class, hubot));

    restarted.onUpdate("H2/endpoint/c-hubot", null);
    restarted.onUpdate("H2/peer/managed/H1", null);
    restarted.markCaughtUp();
    assertClean(restarted.apply());
    KernelState host = k.read(Namespace.HOST);
    assertTrue(host.get(Link.class, hubot) == null && host.get(Route.class, List.of(100, "10.42.0.67/32")) == null
        && host.get(Route.class, List.of(100, "10.42.0.0/26")) == null
        && host.get(Neighbour.class, List.of("nlx42", "10.42.0.1")) == null
        && host.of(FdbEntry.class).isEmpty(), host::toString);
    assertTrue(k.read(Namespace.of(c3)).get(Link.class, "eth0") == null, "hubot's eth0 went with its pair");
    assertNotNull(host.get(Link.class, Owned.vethName("c-mongo")), "mongo stays");
    assertNotNull(host.get(Link.class, "eth0"), "the underlay is not ours");
  }
}
