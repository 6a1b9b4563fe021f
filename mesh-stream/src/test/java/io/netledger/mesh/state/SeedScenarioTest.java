package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.Encryption;
import io.netledger.avro.Allocation;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed scenario replayed from hand-written records: hosts H1 192.0.2.11 and H2 192.0.2.12,
 * network managed 10.42.0.0/16 (VNI 42); rocketchat on H1, mongo and hubot on H2. Each host
 * claims one /26 and takes its first address as its host address, as the allocator does.
 */
class SeedScenarioTest {
  static final String NET = "managed";
  MeshLog log;

  /** The records the orchestrator and the allocator would write, in a plausible order. */
  static MeshLog seed() {
    MeshLog log = new MeshLog();
    log.network(NET, "10.42.0.0/16", 42).host("H1", "192.0.2.11").host("H2", "192.0.2.12");
    // rocketchat starts on H1: its first container in the network claims a block and a host address.
    log.claim(NET, "10.42.0.0/26", "H1")
        .hostAddress("H1", NET, "10.42.0.1", "10.42.0.0/26")
        .allocation("rocketchat-1", MeshLog.containerAllocation("rocketchat-1", "H1", NET, "10.42.0.2",
            "10.42.0.0/26", false, "rocketchat", "rocket-chat"));
    log.claim(NET, "10.42.0.64/26", "H2")
        .hostAddress("H2", NET, "10.42.0.65", "10.42.0.64/26")
        .allocation("mongo-1", MeshLog.containerAllocation("mongo-1", "H2", NET, "10.42.0.66",
            "10.42.0.64/26", false, "mongo", "rocket-chat"))
        .allocation("hubot-1", MeshLog.containerAllocation("hubot-1", "H2", NET, "10.42.0.67",
            "10.42.0.64/26", false, "hubot", "rocket-chat"));
    return log;
  }

  static Peer peer(String host, String underlay, String tunnelIp, List<String> blocks, List<String> borrowed) {
    return Peer.newBuilder().setNetworkId(NET).setHostId(host).setUnderlayIp(underlay)
        .setVtepMac(io.netledger.events.net.Macs.fromIpv4(tunnelIp)).setTunnelIp(tunnelIp)
        .setBlocks(blocks).setBorrowed(borrowed).setIkeIdentity("CN=" + host).setHostname(host.toLowerCase()).build();
  }

  @BeforeEach
  void replaySeed() {
    log = seed();
  }

  @Test
  void theEndpointSliceCarriesThePublishedPorts() {
    List<io.netledger.avro.PortMapping> ports = List.of(new io.netledger.avro.PortMapping(null, 3000, 3000,
        io.netledger.avro.PortProtocol.TCP));
    Allocation held = (Allocation) log.image.allocations().get("rocketchat-1");
    log.allocation("rocketchat-1", Allocation.newBuilder(held).setPorts(ports).build());
    assertEquals(ports, ((LocalEndpoint) log.image.hostState("H1").get("H1/endpoint/rocketchat-1")).getPorts());
  }

  @Test
  void h1HoldsItsNetworkItsEndpointAndH2AsPeer() {
    Map<String, SpecificRecord> h1 = log.image.hostState("H1");
    assertEquals(Set.of("H1/network/managed", "H1/endpoint/rocketchat-1", "H1/peer/managed/H2"), h1.keySet());
    assertEquals(NetworkOnHost.newBuilder().setNetworkId(NET).setCidr("10.42.0.0/16").setVni(42).setMtu(1450)
        .setRoutingTable(100_042).setEncryption(Encryption.NONE).setDnsDomain("rancher.internal")
        .setTunnelIp("10.42.0.1").setTunnelMac("0a:58:0a:2a:00:01").setHostname("h1").build(),
        h1.get("H1/network/managed"));
    assertEquals(LocalEndpoint.newBuilder().setContainerId("rocketchat-1").setNetworkId(NET)
        .setName("rocketchat-1").setService("rocketchat").setStack("rocket-chat").setNetns("ns-rocketchat-1")
        .setInterfaceName("eth0").setIp("10.42.0.2").setPrefixLength(16).setMac("0a:58:0a:2a:00:02")
        .setGateway("10.42.0.1").setMtu(1450).build(), h1.get("H1/endpoint/rocketchat-1"));
    assertEquals(peer("H2", "192.0.2.12", "10.42.0.65", List.of("10.42.0.64/26"), List.of()),
        h1.get("H1/peer/managed/H2"));
  }

  @Test
  void h2HoldsItsTwoEndpointsAndH1AsPeer() {
    Map<String, SpecificRecord> h2 = log.image.hostState("H2");
    assertEquals(Set.of("H2/network/managed", "H2/endpoint/mongo-1", "H2/endpoint/hubot-1", "H2/peer/managed/H1"),
        h2.keySet());
    assertEquals("10.42.0.65", ((LocalEndpoint) h2.get("H2/endpoint/hubot-1")).getGateway());
    assertEquals("10.42.0.67", ((LocalEndpoint) h2.get("H2/endpoint/hubot-1")).getIp());
    assertEquals(peer("H1", "192.0.2.11", "10.42.0.1", List.of("10.42.0.0/26"), List.of()),
        h2.get("H2/peer/managed/H1"));
  }

  @Test
  void everySliceCarriesTheInputThatCausedIt() {
    var slice = log.topic.get("H2/endpoint/hubot-1");
    assertEquals("netledger.allocations.v1", slice.getCause().getTopic());
    assertEquals(4L, slice.getCause().getOffset()); // the sixth allocation record, hubot's
    assertTrue(slice.getOccurredAt().toEpochMilli() > 0);
    var peerOfH2 = log.topic.get("H1/peer/managed/H2");
    assertEquals("netledger.allocations.v1", peerOfH2.getCause().getTopic(),
        "H2 joined the network when its host address arrived");
  }

  @Test
  void aContainerStartInAHeldBlockWritesOnlyItsEndpoint() {
    log.container("rocketchat-2", "H1", NET, "10.42.0.3", "10.42.0.0/26");
    assertEquals(List.of("H1/endpoint/rocketchat-2"), log.last.stream().map(SliceChange::key).toList());
  }

  @Test
  void replayingTheSameAllocationWritesNothing() {
    log.allocation("mongo-1", MeshLog.containerAllocation("mongo-1", "H2", NET, "10.42.0.66",
        "10.42.0.64/26", false, "mongo", "rocket-chat"));
    assertEquals(List.of(), log.last);
  }

  @Test
  void aThirdHostInAnotherNetworkDoesNotPeerWithThem() {
    log.network("other", "10.43.0.0/16", 43).host("H3", "192.0.2.13")
        .claim("other", "10.43.0.0/26", "H3")
        .hostAddress("H3", "other", "10.43.0.1", "10.43.0.0/26")
        .container("web-1", "H3", "other", "10.43.0.2", "10.43.0.0/26");
    assertEquals(Set.of("H3/network/other", "H3/endpoint/web-1"), log.image.hostState("H3").keySet());
    assertFalse(log.image.hostState("H1").keySet().stream().anyMatch(k -> k.contains("H3")));
    assertFalse(log.image.hostState("H2").keySet().stream().anyMatch(k -> k.contains("H3")));
    assertTrue(log.written.stream().filter(c -> c.key().contains("H3")).allMatch(c -> c.hostId().equals("H3")));
  }

  @Test
  void theLastContainerOfANetworkOnAHostLeavingTombstonesItsPeersAndItsNetwork() {
    // rocketchat stops: the allocator releases its address, then H1's host address and block.
    log.release("rocketchat-1");
    assertEquals(List.of("H1/endpoint/rocketchat-1"), log.last.stream().map(SliceChange::key).toList());
    assertNull(log.last.get(0).slice());
    log.tombstone(MeshLog.hostKey("H1", NET));
    assertEquals(List.of("H1/network/managed", "H1/peer/managed/H2", "H2/peer/managed/H1"),
        log.last.stream().map(SliceChange::key).toList());
    assertTrue(log.last.stream().allMatch(SliceChange::tombstone));
    log.unclaim(NET, "10.42.0.0/26");
    assertEquals(List.of(), log.last, "H1 no longer takes part: nobody holds its blocks");
    assertEquals(Map.of(), log.image.hostState("H1"));
    assertEquals(Set.of("H2/network/managed", "H2/endpoint/mongo-1", "H2/endpoint/hubot-1"),
        log.image.hostState("H2").keySet());
  }

  @Test
  void removingAHostTombstonesAllItsSlicesAndItsPeerEverywhere() {
    long before = log.image.generation("H2");
    log.removeHost("H2");
    assertEquals(List.of("H1/peer/managed/H2", "H2/endpoint/hubot-1", "H2/endpoint/mongo-1",
        "H2/network/managed", "H2/peer/managed/H1"), log.last.stream().map(SliceChange::key).toList());
    assertTrue(log.last.stream().allMatch(SliceChange::tombstone));
    assertEquals(before + 4, log.image.generation("H2"), "tombstones advance the generation");
    assertEquals(Set.of("H1/network/managed", "H1/endpoint/rocketchat-1"), log.image.hostState("H1").keySet());
  }

  @Test
  void aBlockClaimReachesThePeersOfTheNetworkOnly() {
    log.network("other", "10.43.0.0/16", 43).host("H3", "192.0.2.13")
        .claim("other", "10.43.0.0/26", "H3").hostAddress("H3", "other", "10.43.0.1", "10.43.0.0/26");
    log.claim(NET, "10.42.0.128/26", "H1");
    assertEquals(List.of("H2/peer/managed/H1"), log.last.stream().map(SliceChange::key).toList());
    assertEquals(List.of("10.42.0.0/26", "10.42.0.128/26"),
        ((Peer) log.slice("H2/peer/managed/H1")).getBlocks());
    log.unclaim(NET, "10.42.0.128/26");
    assertEquals(List.of("10.42.0.0/26"), ((Peer) log.slice("H2/peer/managed/H1")).getBlocks());
  }

  @Test
  void blocksAreAscendingAsAddressesNotAsText() {
    log.claim(NET, "10.42.1.0/26", "H1").claim(NET, "10.42.0.192/26", "H1");
    assertEquals(List.of("10.42.0.0/26", "10.42.0.192/26", "10.42.1.0/26"),
        ((Peer) log.slice("H2/peer/managed/H1")).getBlocks());
  }

  @Test
  void aBorrowedAddressReachesThePeersAsA32() {
    // H1's block is full: the allocator lends it an address of H2's block.
    log.allocation("rocketchat-2", MeshLog.containerAllocation("rocketchat-2", "H1", NET, "10.42.0.100",
        "10.42.0.64/26", true, "rocketchat", "rocket-chat"));
    assertEquals(List.of("H1/endpoint/rocketchat-2", "H2/peer/managed/H1"),
        log.last.stream().map(SliceChange::key).toList());
    assertEquals(List.of("10.42.0.100/32"), ((Peer) log.slice("H2/peer/managed/H1")).getBorrowed());
    log.allocation("rocketchat-3", MeshLog.containerAllocation("rocketchat-3", "H1", NET, "10.42.0.99",
        "10.42.0.64/26", true, "rocketchat", "rocket-chat"));
    assertEquals(List.of("10.42.0.99/32", "10.42.0.100/32"), ((Peer) log.slice("H2/peer/managed/H1")).getBorrowed());
    log.tombstone("rocketchat-2").tombstone("rocketchat-3");
    assertEquals(List.of(), ((Peer) log.slice("H2/peer/managed/H1")).getBorrowed());
  }

  @Test
  void aHostAddressInAnotherHostsBlockIsAdvertisedAsA32() {
    // H3 joins with no block of its own: the allocator lent it an address of H1's block.
    log.host("H3", "192.0.2.13").allocation(MeshLog.hostKey("H3", NET), io.netledger.avro.Allocation
        .newBuilder(MeshLog.hostAllocation("H3", NET, "10.42.0.10", "10.42.0.0/26")).setBorrowed(true).build());
    assertEquals(List.of("10.42.0.10/32"), ((Peer) log.slice("H1/peer/managed/H3")).getBorrowed());
    assertEquals(List.of(), ((Peer) log.slice("H1/peer/managed/H3")).getBlocks());
  }

  @Test
  void deletingTheNetworkTombstonesEverythingInIt() {
    log.deleteNetwork(NET);
    assertEquals(7, log.last.size()); // H1: network, endpoint, peer; H2: network, two endpoints, peer
    assertTrue(log.last.stream().allMatch(SliceChange::tombstone));
    assertTrue(log.topic.isEmpty());
  }

  @Test
  void aNetworkChangeRewritesWhatDependsOnIt() {
    log.network(io.netledger.avro.NetworkCreated.newBuilder().setNetworkId(NET).setName(NET)
        .setCidr("10.42.0.0/16").setVni(42).setMtu(1350).setEncryption(Encryption.IPSEC).build());
    // Both network slices and the three endpoints (mtu); peers do not depend on the network's facts.
    assertEquals(List.of("H1/endpoint/rocketchat-1", "H1/network/managed", "H2/endpoint/hubot-1",
        "H2/endpoint/mongo-1", "H2/network/managed"), log.last.stream().map(SliceChange::key).toList());
    assertEquals(Encryption.IPSEC, ((NetworkOnHost) log.slice("H1/network/managed")).getEncryption());
  }

  @Test
  void reRegisteringAHostWithANewUnderlayUpdatesItsPeers() {
    log.host("H2", "192.0.2.22");
    assertEquals(List.of("H1/peer/managed/H2"), log.last.stream().map(SliceChange::key).toList());
    assertEquals("192.0.2.22", ((Peer) log.slice("H1/peer/managed/H2")).getUnderlayIp());
  }
}
