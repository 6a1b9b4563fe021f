package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topics;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requested addresses, repeated and conflicting inputs, unknown references. */
class RequestsAndDuplicatesTest {
  Script s;

  @BeforeEach
  void setUp() {
    s = new Script();
    s.network(TestInputs.network("managed", "10.42.0.0/16", 26, "10.42.0.10"));
    s.host("H1");
    s.host("H2");
    s.start("c-mongo", "H2", "managed"); // 10.42.0.1 is H2's, so 10.42.0.2
  }

  private Rejection startRequesting(String id, String host, String ip) {
    ContainerStarted c = TestInputs.container(id, id, null, null, host, "managed");
    c.setRequestedIp(ip);
    Decision d = s.start(c);
    assertEquals(AllocationState.FAILED, s.allocation(id).getState());
    return Script.rejection(d);
  }

  @Test
  void aRequestedAddressHeldByAnotherIsRejectedNamingTheHolder() {
    Rejection r = startRequesting("c-x", "H1", "10.42.0.2");
    assertEquals(RejectionReason.IP_IN_USE, r.getReason());
    assertTrue(r.getMessage().contains("c-mongo"), r.getMessage());
    assertEquals(RejectionReason.IP_IN_USE, startRequesting("c-y", "H1", "10.42.0.1").getReason());
  }

  @Test
  void aRequestedAddressOutsideThePoolOrReservedIsRejected() {
    assertEquals(RejectionReason.IP_OUT_OF_RANGE, startRequesting("c-x", "H1", "10.43.0.1").getReason());
    assertEquals(RejectionReason.IP_RESERVED, startRequesting("c-x", "H1", "10.42.0.10").getReason());
    assertEquals(RejectionReason.IP_RESERVED, startRequesting("c-x", "H1", "10.42.0.0").getReason());
    assertEquals(RejectionReason.IP_RESERVED, startRequesting("c-x", "H1", "10.42.255.255").getReason());
    assertEquals(RejectionReason.INVALID_INPUT, startRequesting("c-x", "H1", "10.42.0.300").getReason());
  }

  @Test
  void aFreeRequestedAddressIsHonouredAndItsFreeBlockClaimed() {
    ContainerStarted c = TestInputs.container("c-x", "c-x", null, null, "H1", "managed");
    c.setRequestedIp("10.42.5.5");
    assertEquals(Decision.Outcome.APPLIED, s.start(c).outcome());
    assertEquals("10.42.5.5", s.addresses().get("c-x"));
    assertEquals("H1", s.blocks().get("managed/10.42.5.0/26"));
    assertEquals("10.42.0.64", s.addresses().get("host/H1/managed")); // its first block is the lowest free one
    // Requested inside another host's block: borrowed.
    ContainerStarted b = TestInputs.container("c-b", "c-b", null, null, "H1", "managed");
    b.setRequestedIp("10.42.0.20");
    s.start(b);
    assertEquals("10.42.0.20*", s.addresses().get("c-b"));
  }

  @Test
  void reservedAddressesAreSkipped() {
    for (int i = 0; i < 8; i++) {
      s.start("c" + i, "H2", "managed");
    }
    assertEquals("10.42.0.11", s.addresses().get("c7")); // .3 to .9, then .11: .10 is reserved
  }

  @Test
  void aRepeatedStartReemitsTheSameAllocationAndTakesNoSecondAddress() {
    AllocatorImage before = s.image;
    var first = s.allocation("c-mongo");
    Decision d = s.start("c-mongo", "H2", "managed");
    assertEquals(Decision.Outcome.DUPLICATE, d.outcome());
    assertEquals(List.of(new OutputRecord(Topics.ALLOCATIONS.name(), "c-mongo", first)), d.records());
    // A new event (its own eventId, which the window now remembers) that changes no allocation.
    assertEquals(before.networks(), s.image.networks());
    assertEquals(before.containers(), s.image.containers());
    assertSame(first, s.allocation("c-mongo"));
  }

  @Test
  void aStartOfALiveContainerOnAnotherHostIsAConflictingDuplicate() {
    var first = s.allocation("c-mongo");
    Decision d = s.start("c-mongo", "H1", "managed");
    assertEquals(RejectionReason.CONFLICTING_DUPLICATE, Script.rejection(d).getReason());
    assertEquals(1, d.records().size());
    assertEquals(first, s.allocation("c-mongo"));
  }

  @Test
  void unknownNetworkOrHostFailsTheAllocation() {
    Decision d = s.start("c-x", "H1", "nope");
    assertEquals(RejectionReason.UNKNOWN_NETWORK, Script.rejection(d).getReason());
    assertEquals(AllocationState.FAILED, s.allocation("c-x").getState());
    d = s.start("c-y", "H9", "managed");
    assertEquals(RejectionReason.UNKNOWN_HOST, Script.rejection(d).getReason());
    assertEquals(AllocationState.FAILED, s.allocation("c-y").getState());
    // The start waited for its host: registering it allocates the container (WaitingStartsTest),
    // and a repeated start then finds it live.
    s.host("H9");
    assertEquals(AllocationState.ALLOCATED, s.allocation("c-y").getState());
    assertEquals(Decision.Outcome.DUPLICATE, s.start("c-y", "H9", "managed").outcome());
  }

  @Test
  void stopOrRemoveOfAnUnknownContainerIsRejectedNotDropped() {
    assertEquals(RejectionReason.UNKNOWN_CONTAINER, Script.rejection(s.stop("ghost")).getReason());
    assertEquals(RejectionReason.UNKNOWN_CONTAINER, Script.rejection(s.remove("ghost")).getReason());
    s.remove("c-mongo");
    assertEquals(RejectionReason.UNKNOWN_CONTAINER, Script.rejection(s.remove("c-mongo")).getReason());
  }

  @Test
  void networkCreatedAgainIsANoOpOrAConflict() {
    NetworkCreated same = TestInputs.network("managed", "10.42.0.0/16", 26, "10.42.0.10");
    assertEquals(Decision.Outcome.NO_OP, s.network(same).outcome());
    NetworkCreated other = TestInputs.network("managed", "10.43.0.0/16", 26);
    assertEquals(RejectionReason.CONFLICTING_DUPLICATE, Script.rejection(s.network(other)).getReason());
    NetworkCreated bad = TestInputs.network("bad", "10.44.0.0/16", 19);
    assertEquals(RejectionReason.INVALID_INPUT, Script.rejection(s.network(bad)).getReason());
  }

  @Test
  void hostRegisteredAgainUpdatesItsFacts() {
    assertEquals(Decision.Outcome.NO_OP, s.host("H1").outcome());
    var changed = new io.netledger.avro.HostRegistered("H1", "h1", "192.0.2.99", java.util.Map.of(), "CN=h1");
    assertEquals(Decision.Outcome.APPLIED, s.replay(s.in.hostEvent(changed)).outcome());
    assertEquals("192.0.2.99", s.image.hosts().get("H1").getUnderlayIp());
  }
}
