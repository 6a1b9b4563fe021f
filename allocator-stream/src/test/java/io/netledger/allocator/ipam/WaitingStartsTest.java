package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Starts whose network or host reaches the decision order after them: refused and FAILED at once,
 * then decided when the missing fact arrives, with their own cause (golden sequences; every step
 * also checks image == restore(all records so far), waiting section included).
 */
class WaitingStartsTest {
  private static final String NET = "n";

  private static Script script() {
    return new Script();
  }

  private static void network(Script s) {
    s.network(TestInputs.network(NET, "10.9.0.0/24", 26));
  }

  @Test
  void aContainerBeforeItsNetworkIsAllocatedWhenTheNetworkArrives() {
    Script s = script();
    s.host("H1");
    InputEvent start = s.in.started(TestInputs.container("c1", "web", null, null, "H1", NET));
    Decision first = s.replay(start);
    assertEquals(Decision.Outcome.REJECTED, first.outcome());
    assertEquals(RejectionReason.UNKNOWN_NETWORK, Script.rejection(first).getReason());
    assertEquals(AllocationState.FAILED, s.allocation("c1").getState());
    assertEquals(Set.of("c1"), s.image.waiting().keySet());

    Decision created = s.network(TestInputs.network(NET, "10.9.0.0/24", 26));
    assertEquals(Decision.Outcome.APPLIED, created.outcome());
    Allocation a = s.allocation("c1");
    assertEquals(AllocationState.ALLOCATED, a.getState());
    assertEquals(Map.of("host/H1/n", "10.9.0.1", "c1", "10.9.0.2"), s.addresses());
    assertEquals(Map.of("n/10.9.0.0/26", "H1"), s.blocks());
    assertEquals(List.of("10.9.0.2"), s.dns().get("n/web.rancher.internal"));
    // The late decision carries the start's own cause and occurredAt, not the NetworkCreated's.
    assertEquals(start.cause(), a.getCause());
    assertEquals(start.occurredAt(), a.getOccurredAt());
    assertEquals(start.cause(), s.allocation("host/H1/n").getCause());
    DnsRecord r = (DnsRecord) s.view(Topics.DNS_RECORDS.name()).get("n/web.rancher.internal");
    assertEquals(start.cause(), r.getCause());
    assertTrue(s.image.waiting().isEmpty());
  }

  @Test
  void aContainerBeforeItsHostIsAllocatedWhenTheHostRegisters() {
    Script s = script();
    network(s);
    Decision first = s.start("c1", "H1", NET);
    assertEquals(RejectionReason.UNKNOWN_HOST, Script.rejection(first).getReason());
    assertEquals(AllocationState.FAILED, s.allocation("c1").getState());
    s.host("H1");
    assertEquals(Map.of("host/H1/n", "10.9.0.1", "c1", "10.9.0.2"), s.addresses());
    assertTrue(s.image.waiting().isEmpty());
  }

  @Test
  void bothMissingWaitUntilBothArriveAndAreDecidedInTheirOriginalOrder() {
    Script s = script();
    s.start("c2", "H1", NET);
    s.start("c1", "H1", NET); // replayed after c2: decided after it although it sorts first
    s.start("c3", "H2", NET);
    network(s);
    // The network alone completes nothing: every start still lacks its host.
    assertEquals(Set.of("c1", "c2", "c3"), s.image.waiting().keySet());
    assertEquals(AllocationState.FAILED, s.allocation("c1").getState());
    s.host("H1");
    assertEquals(Map.of("host/H1/n", "10.9.0.1", "c2", "10.9.0.2", "c1", "10.9.0.3"), s.addresses());
    assertEquals(Set.of("c3"), s.image.waiting().keySet());
    s.host("H2");
    assertEquals("10.9.0.65", s.allocation("c3").getIp());
    assertTrue(s.image.waiting().isEmpty());
  }

  @Test
  void aLateStartThatFindsThePoolFullFailsWithTheNewReason() {
    Script s = script();
    s.host("H1");
    s.start("c1", "H1", NET);
    s.start("c2", "H1", NET);
    Decision created = s.network(TestInputs.network(NET, "10.9.0.0/30", 30)); // host .1, c1 .2, then none
    assertEquals(AllocationState.ALLOCATED, s.allocation("c1").getState());
    Allocation c2 = s.allocation("c2");
    assertEquals(AllocationState.FAILED, c2.getState());
    assertTrue(c2.getReason().startsWith("POOL_EXHAUSTED"), c2.getReason());
    Rejection late = Script.rejection(created);
    assertEquals(RejectionReason.POOL_EXHAUSTED, late.getReason());
    assertEquals(s.inputs.get(2).cause(), late.getInput()); // the start's cause, not the network's
    assertTrue(s.image.waiting().isEmpty()); // decided: it no longer waits
  }

  @Test
  void aStopWhileWaitingKeepsFailedAndEndsTheWait() {
    Script s = script();
    s.host("H1");
    s.start("c1", "H1", NET);
    Decision stop = s.stop("c1");
    assertEquals(Decision.Outcome.APPLIED, stop.outcome());
    assertEquals(AllocationState.FAILED, s.allocation("c1").getState());
    assertTrue(s.image.waiting().isEmpty());
    network(s);
    assertEquals(AllocationState.FAILED, s.allocation("c1").getState());
    assertEquals(Map.of(), s.addresses());
  }

  @Test
  void aRemoveWhileWaitingForgetsTheContainer() {
    Script s = script();
    s.host("H1");
    s.start("c1", "H1", NET);
    assertEquals(Decision.Outcome.APPLIED, s.remove("c1").outcome());
    assertNull(s.allocation("c1"));
    assertTrue(s.image.waiting().isEmpty());
    network(s);
    assertNull(s.allocation("c1"));
    assertEquals(Map.of(), s.addresses());
  }

  @Test
  void aSecondStartReplacesTheWaitingOne() {
    Script s = script();
    s.host("H1");
    s.host("H2");
    s.start("c1", "H1", NET);
    s.start("c1", "H2", NET);
    assertEquals(Set.of("c1"), s.image.waiting().keySet());
    network(s);
    assertEquals("H2", s.allocation("c1").getHostId());
    assertEquals(Map.of("host/H2/n", "10.9.0.1", "c1", "10.9.0.2"), s.addresses());
  }

  @Test
  void aStartThatSucceedsEndsTheContainersEarlierWait() {
    Script s = script();
    s.host("H1");
    network(s);
    s.start("c1", "H1", "other"); // waits for network "other"
    s.start("c1", "H1", NET); // allocated in n: no longer waits
    assertTrue(s.image.waiting().isEmpty());
    s.network(TestInputs.network("other", "10.8.0.0/24", 26));
    assertEquals(NET, s.allocation("c1").getNetworkId());
  }

  @Test
  void aNetworkThatNeverArrivesLeavesTheStartFailedAndWaiting() {
    Script s = script();
    s.host("H1");
    s.start("c1", "H1", NET);
    s.network(TestInputs.network("other", "10.8.0.0/24", 26));
    s.host("H2");
    Allocation a = s.allocation("c1");
    assertEquals(AllocationState.FAILED, a.getState());
    assertTrue(a.getReason().startsWith("UNKNOWN_NETWORK"), a.getReason());
    assertEquals(Set.of("c1"), s.image.waiting().keySet());
  }

  @Test
  void deletingTheNetworkOrRemovingTheHostEndsTheWaitsThatNeedThem() {
    Script s = script();
    network(s);
    s.host("H2");
    s.start("c1", "H1", NET); // waits for host H1 in an existing network
    s.start("c2", "H2", "later"); // waits for network "later" on a registered host
    s.deleteNetwork(NET);
    s.removeHost("H2");
    assertTrue(s.image.waiting().isEmpty());
    assertEquals(AllocationState.FAILED, s.allocation("c1").getState());
    assertEquals(AllocationState.FAILED, s.allocation("c2").getState());
    network(s);
    s.host("H1");
    s.host("H2");
    s.network(TestInputs.network("later", "10.8.0.0/24", 26));
    assertEquals(Map.of(), s.addresses());
  }

  @Test
  void theWaitingSetRoundTripsThroughRecords() {
    Script s = script();
    s.start("c1", "H1", NET);
    s.start("c2", "H1", NET);
    AllocatorImage back = ImageRecords.restore(ImageRecords.render(s.image));
    assertEquals(s.image, back);
    assertEquals(s.image.waiting(), back.waiting());
    // Restored, it decides exactly as the image it came from.
    AllocatorDelta fromBack = back.delta(AllocatorConfig.DEFAULT);
    AllocatorDelta fromImage = s.image.delta(AllocatorConfig.DEFAULT);
    InputEvent host = s.in.hostRegistered("H1");
    InputEvent net = s.in.networkCreated(TestInputs.network(NET, "10.9.0.0/24", 26));
    fromBack.replay(host);
    fromBack.replay(net);
    fromImage.replay(host);
    fromImage.replay(net);
    AllocatorImage imageAfter = fromImage.apply();
    AllocatorImage backAfter = fromBack.apply();
    assertEquals(fromImage.changes(), fromBack.changes());
    assertEquals(imageAfter, backAfter);
  }

  @Test
  void theWaitingSetIsBoundedAndTheOldestExpiresDeterministically() {
    Script s = new Script(new AllocatorConfig(AllocatorConfig.DEFAULT_QUARANTINE, 3, 1_000));
    s.host("H1");
    InputEvent first = null;
    for (int i = 0; i < 4; i++) {
      InputEvent start = s.in.started(TestInputs.container("c" + i, "web" + i, null, null, "H1", "nowhere-" + i));
      first = first == null ? start : first;
      Decision d = s.replay(start);
      if (i == 3) {
        List<Rejection> r = d.records().stream().filter(o -> o.value() instanceof Rejection)
            .map(o -> (Rejection) o.value()).toList();
        assertEquals(List.of(RejectionReason.UNKNOWN_NETWORK, RejectionReason.WAITING_EXPIRED),
            r.stream().map(Rejection::getReason).toList());
        assertEquals(first.cause(), r.get(1).getInput(), "the expired start is named by its own input");
        assertTrue(r.get(1).getMessage().contains("c0"), r.get(1).getMessage());
      }
    }
    assertEquals(Set.of("c1", "c2", "c3"), s.image.waiting().keySet());
  }

  @Test
  void aStartExpiresAfterSoManyLaterWaitingStarts() {
    Script s = new Script(new AllocatorConfig(AllocatorConfig.DEFAULT_QUARANTINE, 100, 2));
    s.host("H1");
    s.replay(s.in.started(TestInputs.container("old", "old", null, null, "H1", "later")));
    s.replay(s.in.started(TestInputs.container("x1", "x1", null, null, "H1", "other")));
    assertEquals(Set.of("old", "x1"), s.image.waiting().keySet());
    s.replay(s.in.started(TestInputs.container("x2", "x2", null, null, "H1", "other")));
    assertEquals(Set.of("x1", "x2"), s.image.waiting().keySet());
    s.network(TestInputs.network("later", "10.9.0.0/24", 26));
    assertEquals(AllocationState.FAILED, s.allocation("old").getState(), "an expired start is not decided later");
  }
}
