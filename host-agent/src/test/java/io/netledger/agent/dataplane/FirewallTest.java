package io.netledger.agent.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.calc.DesiredState;
import io.netledger.agent.calc.FirewallPlan;
import io.netledger.agent.calc.HostConfig;
import io.netledger.agent.calc.Slices;
import io.netledger.agent.kernel.FakeKernel;
import io.netledger.agent.kernel.FakeNftables;
import io.netledger.agent.kernel.Family;
import io.netledger.agent.kernel.Namespace;
import io.netledger.agent.kernel.NftTable;
import io.netledger.agent.kernel.Route;
import io.netledger.agent.kernel.Rule;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.NetworkOnHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's nftables table: the plan (pure) and its reconciliation over {@link FakeNftables}. */
class FirewallTest {
  FakeKernel kernel;
  FakeNftables nft;
  Map<String, HostStateSlice> seed;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel().createNamespace(Namespace.of("mongo")).createNamespace(Namespace.of("hubot"));
    nft = new FakeNftables();
    seed = Slices.h2("mongo", "hubot");
  }

  Dataplane agent(Map<String, HostStateSlice> slices) {
    Dataplane d = new Dataplane(Slices.H2, kernel, nft);
    slices.forEach(d::onUpdate);
    return d;
  }

  static String rules(NftTable t, String chain) {
    return t.chains().stream().filter(c -> c.name().equals(chain)).findFirst().orElseThrow().rules().toString();
  }

  @Test
  void aNatOutgoingNetworkIsMasqueradedOutOfTheUnderlayOnlyAndContainersReachTheHostOnlyAtTheServiceAddress() {
    NftTable t = FirewallPlan.from(Slices.H2, seed.values());
    assertTrue(rules(t, "postrouting").contains("ip saddr 10.42.0.0/16 oifname != \"nlv*\" oifname != \"nlx*\""
        + " ip daddr != { 10.42.0.0/16 } masquerade"), t.script());
    assertTrue(rules(t, "steer").contains("ct direction reply ct status snat ip daddr 10.42.0.0/16 meta mark set "
        + Slices.TABLE), t.script());
    assertTrue(rules(t, "forward").contains("ip daddr { 10.42.0.0/16 } drop"), t.script());
    assertTrue(rules(t, "input").contains("ip daddr 169.254.169.250 accept")
        && rules(t, "input").endsWith("iifname \"nlv*\" drop]"), t.script());
    assertTrue(t.script().startsWith("table inet netledger {}\ndelete table inet netledger\ntable inet netledger {"),
        "one transaction that replaces the table whatever it holds: " + t.script());
  }

  static Map<String, HostStateSlice> publishing(Map<String, HostStateSlice> seed, io.netledger.avro.PortMapping... ports) {
    Map<String, HostStateSlice> m = new java.util.LinkedHashMap<>(seed);
    io.netledger.avro.LocalEndpoint mongo = (io.netledger.avro.LocalEndpoint) m.get("H2/endpoint/c-mongo").getSlice();
    m.put("H2/endpoint/c-mongo", Slices.wrap("H2",
        io.netledger.avro.LocalEndpoint.newBuilder(mongo).setPorts(List.of(ports)).build()));
    return m;
  }

  @Test
  void aPublishedPortIsDnatedFromTheUnderlayAndFromTheHostItselfMarkedAndForwarded() {
    Map<String, HostStateSlice> slices = publishing(seed,
        new io.netledger.avro.PortMapping(null, 27017, 27017, io.netledger.avro.PortProtocol.TCP),
        new io.netledger.avro.PortMapping("192.0.2.99", 5353, 53, io.netledger.avro.PortProtocol.UDP));
    NftTable t = FirewallPlan.from(Slices.H2, slices.values());
    String tcp = "ip daddr " + Slices.H2_UNDERLAY + " tcp dport 27017 dnat ip to 10.42.0.66:27017";
    String udp = "ip daddr 192.0.2.99 udp dport 5353 dnat ip to 10.42.0.66:53";
    assertEquals(List.of(tcp, udp).toString(), rules(t, "ports"), t.script());
    assertEquals(List.of(tcp, udp).toString(), rules(t, "ports-local"), t.script());
    NftTable.Chain pre = t.chains().get(0);
    NftTable.Chain out = t.chains().get(1);
    assertEquals(List.of("nat", "prerouting", -100, "nat", "output", -100),
        List.of(pre.type(), pre.hook(), pre.priority(), out.type(), out.hook(), out.priority()));
    String mark = "ct direction original ct status dnat ip daddr 10.42.0.66 meta mark set " + Slices.TABLE;
    assertTrue(rules(t, "steer").contains(mark), t.script());
    assertTrue(rules(t, "steer-local").contains("ip daddr " + Slices.H2_UNDERLAY + " tcp dport 27017 meta mark set "
        + Slices.TABLE), "the host's own packets are marked before their DNAT: " + t.script());
    assertTrue(rules(t, "forward").startsWith("[ct status dnat ip daddr 10.42.0.66 tcp dport 27017 accept, "
        + "ct status dnat ip daddr 10.42.0.66 udp dport 53 accept, "), "accepted before any drop: " + t.script());
    assertTrue(t.script().contains("type route hook output priority -150"), t.script());
  }

  @Test
  void noPublishedPortNoNatChainsAndAnUnprogrammedNetworkPublishesNothing() {
    NftTable t = FirewallPlan.from(Slices.H2, seed.values());
    assertEquals(List.of("steer", "forward", "input", "postrouting"),
        t.chains().stream().map(NftTable.Chain::name).toList());
    Map<String, HostStateSlice> enc = publishing(seed,
        new io.netledger.avro.PortMapping(null, 27017, 27017, io.netledger.avro.PortProtocol.TCP));
    enc.put("H2/network/managed", Slices.wrap("H2",
        NetworkOnHost.newBuilder(Slices.network("10.42.0.65")).setEncryption(Encryption.IPSEC).build()));
    assertEquals(NftTable.EMPTY, FirewallPlan.from(Slices.H2, enc.values()), "fail closed: no way in either");
  }

  @Test
  void aPublishedPortIsWrittenAndItsRemovalRewritesTheTable() {
    Map<String, HostStateSlice> slices = publishing(seed,
        new io.netledger.avro.PortMapping(null, 27017, 27017, io.netledger.avro.PortProtocol.TCP));
    Dataplane d = agent(slices);
    d.markCaughtUp();
    d.apply();
    assertEquals(FirewallPlan.from(Slices.H2, slices.values()).shape(), nft.current().orElseThrow());
    d.onUpdate("H2/endpoint/c-mongo", seed.get("H2/endpoint/c-mongo"));
    d.apply();
    assertEquals(2, nft.writes());
    assertEquals(FirewallPlan.from(Slices.H2, seed.values()).shape(), nft.current().orElseThrow());
  }

  @Test
  void natOutgoingOffMeansNoMasqueradeAndTheUnreachableDefaultStays() {
    Map<String, HostStateSlice> off = new java.util.TreeMap<>(seed);
    NetworkOnHost n = NetworkOnHost.newBuilder(Slices.network("10.42.0.65")).setNatOutgoing(false).build();
    off.put("H2/network/managed", Slices.wrap("H2", n));
    NftTable t = FirewallPlan.from(Slices.H2, off.values());
    assertEquals("[]", rules(t, "postrouting"));
    assertEquals("[]", rules(t, "steer"));
    DesiredState d = DesiredState.from(Slices.H2, off.values(), true);
    assertEquals(Route.Type.UNREACHABLE, d.in(Namespace.HOST).get(Route.class, List.of(Slices.TABLE, "0.0.0.0/0")).type());
  }

  @Test
  void aPublishedPortWithoutNatOutgoingRoutesOnlyItsRepliesOutByTheirMark() {
    Map<String, HostStateSlice> off = publishing(seed,
        new io.netledger.avro.PortMapping(null, 27017, 27017, io.netledger.avro.PortProtocol.TCP));
    off.put("H2/network/managed", Slices.wrap("H2",
        NetworkOnHost.newBuilder(Slices.network("10.42.0.65")).setNatOutgoing(false).build()));
    NftTable t = FirewallPlan.from(Slices.H2, off.values());
    assertEquals("[]", rules(t, "postrouting"), "still no egress");
    assertEquals(List.of("ct direction original ct status dnat ip daddr 10.42.0.66 meta mark set " + Slices.TABLE,
        "iifname \"nlv*\" ct direction reply ct status dnat ip saddr 10.42.0.66 meta mark set "
            + FirewallPlan.REPLY_MARK).toString(), rules(t, "steer"),
        "in by the network's table, the replies (and nothing the container opens) out by the main one");
    DesiredState d = DesiredState.from(Slices.H2, off.values(), true);
    java.util.Collection<Rule> rules = d.in(Namespace.HOST).of(Rule.class).values();
    // The DNATed packet finds the container in the network's table; its reply is routed by main
    // before the veth's rule (20100) could send it into the table's unreachable default.
    assertTrue(rules.contains(Rule.marked(Family.INET, 20100, Slices.TABLE, Slices.TABLE)), rules.toString());
    assertTrue(rules.contains(Rule.marked(Family.INET, 20090, FirewallPlan.REPLY_MARK, Route.MAIN_TABLE)),
        rules.toString());
    assertEquals(Route.Type.UNREACHABLE, d.in(Namespace.HOST).get(Route.class, List.of(Slices.TABLE, "0.0.0.0/0")).type());
    // With natOutgoing the replies need no mark of their own: the table throws to main.
    assertFalse(FirewallPlan.from(Slices.H2, publishing(seed,
        new io.netledger.avro.PortMapping(null, 27017, 27017, io.netledger.avro.PortProtocol.TCP)).values())
        .script().contains("mark set " + FirewallPlan.REPLY_MARK));
  }

  @Test
  void egressEndsTheNetworksTableWithThrowAndRoutesMarkedRepliesIntoIt() {
    DesiredState d = DesiredState.from(Slices.H2, seed.values(), true);
    assertEquals(Route.Type.THROW, d.in(Namespace.HOST).get(Route.class, List.of(Slices.TABLE, "0.0.0.0/0")).type());
    assertTrue(d.in(Namespace.HOST).of(Rule.class).containsValue(
        Rule.marked(Family.INET, 20100, FirewallPlan.mark(Slices.network("10.42.0.65")), Slices.TABLE)));
    DesiredState without = DesiredState.from(Slices.H2, seed.values());
    assertEquals(Route.Type.UNREACHABLE,
        without.in(Namespace.HOST).get(Route.class, List.of(Slices.TABLE, "0.0.0.0/0")).type(), "no nftables, no egress");
  }

  @Test
  void anEncryptedNetworkOnAHostThatCannotEncryptGetsNoTable() {
    Map<String, HostStateSlice> enc = new java.util.TreeMap<>(seed);
    enc.put("H2/network/managed", Slices.wrap("H2",
        NetworkOnHost.newBuilder(Slices.network("10.42.0.65")).setEncryption(Encryption.IPSEC).build()));
    assertEquals(NftTable.EMPTY, FirewallPlan.from(Slices.H2, enc.values()));
    HostConfig canEncrypt = new HostConfig("H2", Slices.H2_UNDERLAY, null, null);
    assertFalse(FirewallPlan.from(canEncrypt, enc.values()).isEmpty());
  }

  @Test
  void writtenOnlyOnceCaughtUpThenOnlyWhenItChangesOrDrifted() {
    Dataplane d = agent(seed);
    d.apply();
    assertEquals(0, nft.writes(), "never before caught up");
    d.markCaughtUp();
    d.apply();
    assertEquals(1, nft.writes());
    assertEquals(FirewallPlan.from(Slices.H2, seed.values()).shape(), nft.current().orElseThrow());
    d.requestResync();
    d.apply();
    assertEquals(1, nft.writes(), "read back on resync, equal: not rewritten");

    // Someone removed one of our rules, and someone else added one of theirs to our table.
    List<NftTable.ChainShape> drifted = new ArrayList<>(nft.current().orElseThrow());
    NftTable.ChainShape input = drifted.get(2);
    drifted.set(2, new NftTable.ChainShape(input.name(), input.type(), input.hook(), input.priority(), input.policy(),
        List.of("(no comment)")));
    nft.drift(drifted);
    d.apply();
    assertEquals(1, nft.writes(), "between resyncs the table is taken to hold what was written");
    d.requestResync();
    d.apply();
    assertEquals(2, nft.writes(), "drift repaired on resync");
    assertEquals(FirewallPlan.from(Slices.H2, seed.values()).shape(), nft.current().orElseThrow());

    nft.drift(null);
    d.requestResync();
    d.apply();
    assertEquals(3, nft.writes(), "a deleted table comes back");
  }

  @Test
  void aFailedWriteIsAProblemOfTheReportAndRetried() {
    Dataplane d = agent(seed);
    d.markCaughtUp();
    nft.failNext("Error: Could not process rule: Operation not supported");
    ApplyReport r = d.apply();
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("nftables") && p.contains("Operation not supported")),
        r.problems().toString());
    ApplyReport again = d.apply();
    assertTrue(again.problems().stream().noneMatch(p -> p.contains("nftables")), again.problems().toString());
    assertEquals(FirewallPlan.from(Slices.H2, seed.values()).shape(), nft.current().orElseThrow());
  }

  @Test
  void theLastNetworkGoneRemovesTheTable() {
    Dataplane d = agent(seed);
    d.markCaughtUp();
    d.apply();
    seed.keySet().forEach(k -> d.onUpdate(k, null));
    d.apply();
    assertTrue(nft.current().isEmpty(), "no network on the host, no table");
  }
}
