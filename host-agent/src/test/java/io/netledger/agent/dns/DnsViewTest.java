package io.netledger.agent.dns;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.events.net.Ipv4;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DnsViewTest {
  private final DnsView seed = seed("10.42.0.5", "10.43.0.2");

  @Test
  void replayedRecordsAreServedPerNetwork() {
    ARecordSet hubot = seed.records(MANAGED, HUBOT).orElseThrow();
    assertEquals(List.of(Ipv4.parse("10.42.0.7"), Ipv4.parse("10.42.0.8")), hubot.addresses());
    assertEquals(600, hubot.ttlSeconds());
    assertTrue(seed.records(OTHER, HUBOT).isEmpty(), "a name belongs to its network only");
    assertTrue(seed.isNameOfOtherNetwork(MANAGED, SECRET));
    assertFalse(seed.isNameOfOtherNetwork(OTHER, SECRET));
  }

  @Test
  void tombstoneRemovesTheNameAndLeavesTheImageAlone() {
    DnsDelta d = new DnsDelta(seed);
    d.replayDnsRecord(MANAGED + "/" + HUBOT, null);
    DnsView next = d.apply();
    assertTrue(next.records(MANAGED, HUBOT).isEmpty());
    assertTrue(next.records(MANAGED, MONGO).isPresent());
    assertTrue(seed.records(MANAGED, HUBOT).isPresent(), "images are immutable");
    assertEquals(seed.generation() + 1, next.generation());
  }

  @Test
  void laterRecordReplacesEarlierAndEmptyAddressesMeanGone() {
    DnsDelta d = new DnsDelta(seed);
    d.replayDnsRecord(MANAGED + "/" + HUBOT, record(MANAGED, HUBOT, 30, "10.42.0.9"));
    d.replayDnsRecord(MANAGED + "/" + MONGO, record(MANAGED, MONGO, 30));
    DnsView next = d.apply();
    assertEquals(List.of(Ipv4.parse("10.42.0.9")), next.records(MANAGED, HUBOT).orElseThrow().addresses());
    assertTrue(next.records(MANAGED, MONGO).isEmpty());
  }

  @Test
  void replayingEverythingAndRemovingItAllGivesBackAnEmptyView() {
    DnsDelta d = new DnsDelta(seed);
    d.replayDnsRecord(MANAGED + "/" + HUBOT, null);
    d.replayDnsRecord(MANAGED + "/" + MONGO, null);
    d.replayDnsRecord(OTHER + "/" + SECRET.toUpperCase() + ".", null); // key spelling is normalized
    d.replayHostState(HOST + "/endpoint/c-mongo", null);
    d.replayHostState(HOST + "/endpoint/c-ops", null);
    d.replayHostState(HOST + "/network/" + MANAGED, null);
    d.replayHostState(HOST + "/network/" + OTHER, null);
    DnsView empty = d.apply();
    assertTrue(empty.endpoints().isEmpty());
    assertTrue(empty.networks().isEmpty());
    assertTrue(empty.names().isEmpty());
  }

  @Test
  void sourceAddressFindsTheEndpointAndItsNetwork() {
    assertEquals("c-mongo", seed.endpointAt(Ipv4.parse("10.42.0.5")).orElseThrow().getContainerId());
    assertEquals(OTHER, seed.endpointAt(Ipv4.parse("10.43.0.2")).orElseThrow().getNetworkId());
    assertTrue(seed.endpointAt(Ipv4.parse("10.42.0.99")).isEmpty());
    assertEquals(Set.of(DOMAIN), seed.domainsOf(MANAGED));
    assertEquals(Set.of("other.internal"), seed.domainsOf(OTHER));
  }

  @Test
  void anAddressHeldByTwoLocalEndpointsIdentifiesNeither() {
    DnsDelta d = new DnsDelta(seed("10.42.0.5", "10.42.0.5")); // overlapping pools
    DnsView v = d.apply();
    assertTrue(v.endpointAt(Ipv4.parse("10.42.0.5")).isEmpty());
  }

  @Test
  void slicesOfOtherHostsAndPeersAreIgnored() {
    DnsDelta d = new DnsDelta(seed);
    d.replayHostState("h1/endpoint/c-rc",
        slice("h1", endpoint("c-rc", MANAGED, "rocketchat", "rocket-chat", "10.42.0.70", "ns-rc")));
    d.replayHostState(HOST + "/peer/managed/h1", null);
    assertEquals(seed.endpoints(), d.apply().endpoints());
  }

  @Test
  void emptyNonTerminalsExist() {
    NetworkNames names = seed.namesOf(MANAGED);
    assertTrue(names.exists("rocket-chat.rancher.internal"));
    assertTrue(names.exists(HUBOT));
    assertFalse(names.exists("nope.rocket-chat.rancher.internal"));
  }

  @Test
  void badRecordsAreRejectedNamingTheKeyAndLeaveTheDeltaUnchanged() {
    DnsDelta d = new DnsDelta(seed);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.replayDnsRecord(MANAGED + "/x.rancher.internal", record(MANAGED, "x.rancher.internal", 5, "10.42.0.300")));
    assertTrue(e.getMessage().contains("managed/x.rancher.internal"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.replayDnsRecord("no-slash", null));
    assertThrows(IllegalArgumentException.class,
        () -> d.replayDnsRecord(OTHER + "/" + HUBOT, record(MANAGED, HUBOT, 5, "10.42.0.7")));
    assertThrows(IllegalArgumentException.class, () -> d.replayHostState("h2/endpoint", null));
    assertTrue(d.isEmpty());
    assertSame(seed, d.apply());
  }
}
