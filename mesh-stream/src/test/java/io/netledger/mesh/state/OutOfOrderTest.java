package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Inputs of different topics arrive in any order: incomplete facts are held and rejected loudly. */
class OutOfOrderTest {
  static final String NET = "managed";

  @Test
  void anAddressBeforeItsHostRegistersIsRejectedHeldAndAppliedLater() {
    MeshLog log = new MeshLog().network(NET, "10.42.0.0/16", 42)
        .claim(NET, "10.42.0.0/26", "H1");
    assertEquals(RejectionReason.UNKNOWN_HOST, log.lastRejected.get(0).getReason());
    log.hostAddress("H1", NET, "10.42.0.1", "10.42.0.0/26");
    assertEquals(RejectionReason.UNKNOWN_HOST, log.lastRejected.get(0).getReason());
    assertEquals("mesh-stream", log.lastRejected.get(0).getRejectedBy());
    assertEquals("netledger.allocations.v1", log.lastRejected.get(0).getInput().getTopic());
    assertEquals("host/H1/managed",
        StandardCharsets.UTF_8.decode(log.lastRejected.get(0).getInputKey()).toString());
    log.container("c1", "H1", NET, "10.42.0.2", "10.42.0.0/26");
    assertEquals(List.of(), log.last, "nothing to write while H1 is unknown");

    log.host("H1", "192.0.2.11");
    assertEquals(List.of(), log.lastRejected);
    assertEquals(List.of("H1/endpoint/c1", "H1/network/managed"), log.last.stream().map(SliceChange::key).toList());
    assertEquals("netledger.hosts.v1", log.last.get(0).slice().getCause().getTopic(),
        "the registration completed the facts, so it is the cause");
  }

  @Test
  void anAddressBeforeItsNetworkIsRejectedHeldAndAppliedLater() {
    MeshLog log = new MeshLog().host("H1", "192.0.2.11").host("H2", "192.0.2.12")
        .hostAddress("H2", NET, "10.42.0.65", "10.42.0.64/26")
        .hostAddress("H1", NET, "10.42.0.1", "10.42.0.0/26");
    assertEquals(RejectionReason.UNKNOWN_NETWORK, log.lastRejected.get(0).getReason());
    assertEquals(List.of(), log.last);
    log.network(NET, "10.42.0.0/16", 42);
    assertEquals(Set.of("H1/network/managed", "H1/peer/managed/H2", "H2/network/managed", "H2/peer/managed/H1"),
        Set.copyOf(log.last.stream().map(SliceChange::key).toList()));
  }

  @Test
  void aContainerBeforeItsHostAddressWaitsSilently() {
    MeshLog log = new MeshLog().network(NET, "10.42.0.0/16", 42).host("H1", "192.0.2.11")
        .container("c1", "H1", NET, "10.42.0.2", "10.42.0.0/26");
    // Both come from the allocator, which writes them together: not a fault, just not yet complete.
    assertEquals(List.of(), log.lastRejected);
    assertEquals(List.of(), log.last);
    log.hostAddress("H1", NET, "10.42.0.1", "10.42.0.0/26");
    assertEquals(List.of("H1/endpoint/c1", "H1/network/managed"), log.last.stream().map(SliceChange::key).toList());
  }

  @Test
  void aHostWithoutAUsableUnderlayAddressIsInconsistentAndDoesNotTakePart() {
    MeshLog log = new MeshLog().network(NET, "10.42.0.0/16", 42).host("H1", "192.0.2.11")
        .hostAddress("H1", NET, "10.42.0.1", "10.42.0.0/26")
        .host("H2", "not-an-ip")
        .hostAddress("H2", NET, "10.42.0.65", "10.42.0.64/26");
    assertEquals(RejectionReason.INCONSISTENT, log.lastRejected.get(0).getReason());
    assertEquals(List.of(), log.last);
    log.host("H2", "");
    assertEquals(RejectionReason.INCONSISTENT, log.lastRejected.get(0).getReason(),
        "re-registering without an address while taking part is rejected too");
    log.host("H2", "192.0.2.12");
    assertTrue(log.image.hostState("H1").containsKey("H1/peer/managed/H2"));
  }

  @Test
  void aHeldAddressWithoutAnIpOrNetnsIsRejectedAndNotHeld() {
    MeshLog log = new MeshLog().network(NET, "10.42.0.0/16", 42).host("H1", "192.0.2.11");
    log.allocation("c1", io.netledger.avro.Allocation.newBuilder(
        MeshLog.containerAllocation("c1", "H1", NET, "10.42.0.2", "10.42.0.0/26", false, null, null))
        .setIp(null).build());
    assertEquals(RejectionReason.INCONSISTENT, log.lastRejected.get(0).getReason());
    log.allocation("c2", io.netledger.avro.Allocation.newBuilder(
        MeshLog.containerAllocation("c2", "H1", NET, "10.42.0.3", "10.42.0.0/26", false, null, null))
        .setNetns(null).build());
    assertEquals(RejectionReason.INCONSISTENT, log.lastRejected.get(0).getReason());
    assertEquals(Set.of(), log.image.allocations().keySet());
  }

  @Test
  void unknownRemovalsAndBadIdsAreRejected() {
    MeshLog log = new MeshLog().removeHost("H9");
    assertEquals(RejectionReason.UNKNOWN_HOST, log.lastRejected.get(0).getReason());
    log.deleteNetwork("nope");
    assertEquals(RejectionReason.UNKNOWN_NETWORK, log.lastRejected.get(0).getReason());
    log.host("rack/1", "192.0.2.11");
    assertEquals(RejectionReason.INVALID_INPUT, log.lastRejected.get(0).getReason());
    log.network("a/b", "10.42.0.0/16", 1);
    assertEquals(RejectionReason.INVALID_INPUT, log.lastRejected.get(0).getReason());
    log.network("bad", "10.42.0.1/16", 2);
    assertEquals(RejectionReason.INVALID_INPUT, log.lastRejected.get(0).getReason());
    assertEquals(5, log.rejected.size());
    assertEquals(List.of(), log.written);
  }

  @Test
  void aTombstoneOfSomethingNeverHeldChangesNothing() {
    MeshLog log = new MeshLog().tombstone("never").unclaim(NET, "10.42.0.0/26");
    assertEquals(List.of(), log.written);
    assertEquals(List.of(), log.rejected);
    assertEquals(MeshImage.EMPTY, log.image);
  }
}
