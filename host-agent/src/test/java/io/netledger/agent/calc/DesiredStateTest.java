package io.netledger.agent.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.kernel.Address;
import io.netledger.agent.kernel.FdbEntry;
import io.netledger.agent.kernel.Family;
import io.netledger.agent.kernel.KernelState;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.agent.kernel.Neighbour;
import io.netledger.agent.kernel.Route;
import io.netledger.agent.kernel.Rule;
import io.netledger.agent.kernel.Sysctl;
import io.netledger.avro.HostStateSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class DesiredStateTest {
  static final int P = Owned.ROUTE_PROTOCOL;

  @Test
  void seedSlicesOfH2GiveTheWholeDataPath() {
    DesiredState d = DesiredState.from(Slices.H2, Slices.h2("mongo", "/run/netns/hubot").values());
    String mongo = Owned.vethName("c-mongo");
    String hubot = Owned.vethName("c-hubot");
    Namespace mongoNs = Namespace.of("mongo");
    Namespace hubotNs = Namespace.of("hubot"); // /run/netns/<name> is the same namespace as <name>

    KernelState host = new KernelState(List.of(
        new Sysctl("net.ipv4.ip_forward", "1"),
        new Sysctl("net.ipv4.icmp_errors_use_inbound_ifaddr", "1"),
        Link.vxlan("nlx42", 1400, "0a:58:0a:2a:00:41", new Link.Vxlan(42, "192.0.2.2", 4789, false, null)),
        new Address("nlx42", "10.42.0.65/32"),
        new Address("nlx42", "169.254.169.250/32"),
        Rule.from(20100, "169.254.169.250", DesiredState.SERVICE_TABLE),
        Route.unreachable(100, "0.0.0.0/0", P),
        Rule.incoming(Family.INET, 20100, "nlx42", 100),
        Rule.from(20100, "10.42.0.65", 100),
        Link.veth(hubot, 1400, new Link.VethPeer(hubotNs, "eth0", "0a:58:0a:2a:00:43")),
        new Sysctl("net.ipv4.conf." + hubot + ".proxy_arp", "1"),
        new Sysctl("net.ipv4.neigh." + hubot + ".proxy_delay", "0"),
        Route.direct(100, "10.42.0.67/32", hubot, P),
        Route.direct(DesiredState.SERVICE_TABLE, "10.42.0.67/32", hubot, P),
        Rule.incoming(Family.INET, 20100, hubot, 100),
        Link.veth(mongo, 1400, new Link.VethPeer(mongoNs, "eth0", "0a:58:0a:2a:00:42")),
        new Sysctl("net.ipv4.conf." + mongo + ".proxy_arp", "1"),
        new Sysctl("net.ipv4.neigh." + mongo + ".proxy_delay", "0"),
        Route.direct(100, "10.42.0.66/32", mongo, P),
        Route.direct(DesiredState.SERVICE_TABLE, "10.42.0.66/32", mongo, P),
        Rule.incoming(Family.INET, 20100, mongo, 100),
        new Neighbour("nlx42", "10.42.0.1", "0a:58:0a:2a:00:01"),
        new FdbEntry("nlx42", "0a:58:0a:2a:00:01", "192.0.2.1"),
        Route.onlinkVia(100, "10.42.0.0/26", "10.42.0.1", "nlx42", P)));
    assertEquals(host, d.in(Namespace.HOST));
    assertEquals(new KernelState(List.of(
        Link.vethEnd("eth0", 1400, "0a:58:0a:2a:00:42"),
        new Address("eth0", "10.42.0.66/16"),
        Route.onlinkVia(254, "0.0.0.0/0", "10.42.0.65", "eth0", P))), d.in(mongoNs));
    assertEquals(Set.of(Namespace.HOST, mongoNs, hubotNs), d.namespaces().keySet());
    assertTrue(d.problems().isEmpty(), d.problems()::toString);
  }

  @Test
  void sameSlicesInAnyOrderGiveTheSameState() {
    List<HostStateSlice> slices = new ArrayList<>(Slices.h2("mongo", "hubot").values());
    DesiredState a = DesiredState.from(Slices.H2, slices);
    java.util.Collections.reverse(slices);
    assertEquals(a, DesiredState.from(Slices.H2, slices));
  }

  @Test
  void borrowedAddressesGetAHostRoute() {
    var peer = Slices.peer("H1", "192.0.2.1", "10.42.0.1", List.of("10.42.0.0/26"));
    peer.setBorrowed(List.of("10.42.0.70"));
    DesiredState d = DesiredState.from(Slices.H2,
        List.of(Slices.wrap("H2", Slices.network("10.42.0.65")), Slices.wrap("H2", peer)));
    assertEquals(Route.onlinkVia(100, "10.42.0.70/32", "10.42.0.1", "nlx42", P),
        d.in(Namespace.HOST).get(Route.class, List.of(100, "10.42.0.70/32")));
  }

  @Test
  void borrowedAddressesInTheMeshsOwnFormAreAcceptedAndRouted() {
    // The mesh writes borrowed addresses as host prefixes (Slices.peer in mesh-stream): the
    // slice check must take that form, or a host that borrows loses its whole peer.
    var peer = Slices.peer("H1", "192.0.2.1", "10.42.0.1", List.of("10.42.0.0/26"));
    peer.setBorrowed(List.of("10.42.0.70/32", "10.42.0.71/32"));
    DesiredState d = DesiredState.from(Slices.H2,
        List.of(Slices.wrap("H2", Slices.network("10.42.0.65")), Slices.wrap("H2", peer)));
    assertEquals(List.of(), d.problems());
    assertEquals(Route.onlinkVia(100, "10.42.0.71/32", "10.42.0.1", "nlx42", P),
        d.in(Namespace.HOST).get(Route.class, List.of(100, "10.42.0.71/32")));
  }

  @Test
  void slicesOfAnUnknownNetworkOrAnotherHostAreReportedNotProgrammed() {
    Map<String, HostStateSlice> m = Slices.h2("mongo", "hubot");
    m.remove("H2/network/managed");
    List<HostStateSlice> slices = new ArrayList<>(m.values());
    slices.add(Slices.wrap("H1", Slices.network("10.42.0.1")));
    DesiredState d = DesiredState.from(Slices.H2, slices);
    assertEquals(Set.of(Namespace.HOST), d.namespaces().keySet());
    assertEquals(0, d.in(Namespace.HOST).size());
    assertEquals(4, d.problems().size(), d.problems()::toString);
  }

  @Test
  void vethNamesAreOwnedShortAndStable() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String n = Owned.vethName("container-" + i);
      assertTrue(n.length() <= 15 && Owned.link(n), n);
      names.add(n);
    }
    assertEquals(1000, names.size());
    assertEquals(Owned.vethName("c-mongo"), Owned.vethName("c-mongo"));
    assertTrue(Owned.link(Owned.vxlanName(16_777_215)));
    assertTrue(!Owned.link("eth0") && !Owned.link("nlmon0") && !Owned.link("nlx"));
  }

  @Test
  void anEncryptedNetworkIsNotProgrammedInPlainText() {
    Map<String, HostStateSlice> m = Slices.h2("mongo", "hubot");
    var n = Slices.network("10.42.0.65");
    n.setEncryption(io.netledger.avro.Encryption.IPSEC);
    m.put("H2/network/managed", Slices.wrap("H2", n));
    DesiredState d = DesiredState.from(Slices.H2, m.values());
    assertEquals(0, d.in(Namespace.HOST).size());
    assertEquals(Set.of(Namespace.HOST), d.namespaces().keySet());
    assertTrue(d.problems().get(0).contains("IPSEC"), d.problems()::toString);
  }

  @Test
  void anEncryptedNetworkRunsVxlanBetweenTunnelAddressesWhenTheHostCanEncrypt() {
    Map<String, HostStateSlice> m = Slices.h2("mongo", "hubot");
    var n = Slices.network("10.42.0.65");
    n.setEncryption(io.netledger.avro.Encryption.IPSEC);
    n.setMtu(1450);
    m.put("H2/network/managed", Slices.wrap("H2", n));
    HostConfig canEncrypt = new HostConfig("H2", Slices.H2_UNDERLAY, "eth0", null);
    DesiredState d = DesiredState.from(canEncrypt, m.values());
    assertEquals(List.of(), d.problems());
    KernelState host = d.in(Namespace.HOST);
    Link vx = host.of(Link.class).values().stream().filter(l -> l.kind() == Link.Kind.VXLAN).findFirst().orElseThrow();
    assertEquals("100.64.2.2", vx.vxlan().local(), "VXLAN from the tunnel address, inside IPsec");
    assertEquals(null, vx.vxlan().underlayDevice());
    assertEquals(DesiredState.IPSEC_MTU, vx.mtu());
    assertTrue(host.all().contains(new Address(vx.name(), "100.64.2.2/32")), host::toString);
    assertTrue(host.all().contains(new FdbEntry(vx.name(), Slices.peer("H1", Slices.H1_UNDERLAY, "10.42.0.1",
        List.of()).getVtepMac(), "100.64.2.1")), "FDB to the peer's tunnel address: " + host);
    assertTrue(host.all().contains(Route.unreachable(Route.MAIN_TABLE, "100.64.0.0/10", Owned.ROUTE_PROTOCOL)),
        "without an SA, VXLAN to a tunnel address is dropped, never sent in clear");
    assertTrue(d.in(Namespace.of("mongo")).all().stream()
        .allMatch(o -> !(o instanceof Link l) || l.mtu() == DesiredState.IPSEC_MTU), "container MTU capped");
  }

  @Test
  void plainNetworksKeepPlainVxlanOnAHostThatEncrypts() {
    HostConfig canEncrypt = new HostConfig("H2", Slices.H2_UNDERLAY, "eth0", null);
    DesiredState d = DesiredState.from(canEncrypt, Slices.h2("mongo", "hubot").values());
    Link vx = d.in(Namespace.HOST).of(Link.class).values().stream().filter(l -> l.kind() == Link.Kind.VXLAN)
        .findFirst().orElseThrow();
    assertEquals(Slices.H2_UNDERLAY, vx.vxlan().local());
    assertTrue(d.in(Namespace.HOST).all().stream().noneMatch(o -> o.toString().contains("100.64.")));
  }
}
