package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.Rejection;
import io.netledger.events.topic.Topics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.pcollections.PSortedMap;

/**
 * Random interleavings of network, host and container events over a few small pools (so
 * exhaustion, borrowing and quarantine happen often): the allocator's invariants hold after every
 * input.
 */
class AllocatorPropertiesTest {

  /** One input, in a compact form the shrinker can work on. */
  record Action(int kind, int a, int b, int c, int d) {}

  private static final List<NetworkCreated> NETWORKS = List.of(
      TestInputs.network("n0", "10.0.0.0/28", 30),
      TestInputs.network("n1", "10.1.0.0/26", 29),
      TestInputs.network("n2", "10.2.0.0/24", 26, "10.2.0.5"));

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Action> action = Combinators.combine(
        // kind: 0 create network, 1 delete network, 2 register host, 3 remove host, 4 start,
        // 5 stop, 6 remove; weighted towards starts so pools fill up.
        Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(3, 2), Tuple.of(1, 3), Tuple.of(14, 4),
            Tuple.of(5, 5), Tuple.of(4, 6)),
        Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 9))
        .as(Action::new);
    return action.list().ofMinSize(1).ofMaxSize(70);
  }

  private static InputEvent toInput(TestInputs in, Action x) {
    String net = "n" + (x.c() % 3);
    String host = "H" + x.b();
    String cid = "c" + x.a();
    return switch (x.kind()) {
      case 0 -> in.networkCreated(x.d() == 0
          ? TestInputs.network(net, "10.9.0.0/24", 26) // same id, other pool: a conflict
          : NETWORKS.get(x.c() % 3));
      case 1 -> in.networkDeleted(net);
      case 2 -> in.hostRegistered(host);
      case 3 -> in.hostRemoved(host);
      case 4 -> {
        ContainerStarted s = TestInputs.container(cid, "name-" + x.a(), "svc" + (x.a() % 3),
            x.a() % 2 == 0 ? "stack" : null, host, net);
        if (x.d() == 9) {
          s.setRequestedIp("10." + (x.c() % 3) + ".0." + (x.a() + 1));
        } else if (x.d() == 8) {
          s.setRequestedIp("10.7.0.1");
        }
        if (x.d() == 7) {
          s.setAliases(List.of("alias" + x.a(), "shared"));
        }
        yield in.started(s);
      }
      case 5 -> in.stopped(cid);
      default -> in.removed(cid);
    };
  }

  private static Script run(List<Action> actions, AllocatorConfig config, boolean check) {
    Script s = new Script(config);
    s.checkEveryStep = false;
    Map<String, Long> lastSequence = new HashMap<>();
    for (Action x : actions) {
      InputEvent e = toInput(s.in, x);
      PSortedMap<String, WaitingStart> waitingBefore = s.image.waiting();
      Decision d = s.replay(e);
      if (check) {
        assertAccountedFor(e, d, waitingBefore);
        assertWaitingOnlyForWhatIsMissing(s.image);
        assertSequencesIncrease(e, d, lastSequence);
        assertNoAddressSharedAndDnsLive(s);
      }
    }
    return s;
  }

  @Property(tries = 2000)
  void invariantsHoldAfterEveryInput(@ForAll("actions") List<Action> actions) {
    Script s = run(actions, new AllocatorConfig(2), true);
    // image -> records -> image is the identity, and the records written describe the image.
    assertEquals(s.image, ImageRecords.restore(ImageRecords.render(s.image)));
    assertEquals(ImageRecords.render(s.image), ImageRecords.render(ImageRecords.restore(s.written)));
    assertEquals(s.image, ImageRecords.restore(s.written));
  }

  @Property(tries = 500)
  void replayingTheSameInputsGivesTheSameRecords(@ForAll("actions") List<Action> actions) {
    Script first = run(actions, AllocatorConfig.DEFAULT, false);
    Script second = run(actions, AllocatorConfig.DEFAULT, false);
    assertEquals(first.written, second.written);
    assertEquals(first.image, second.image);
    // One delta over all inputs decides exactly as one delta per input.
    AllocatorDelta batch = AllocatorImage.EMPTY.delta(AllocatorConfig.DEFAULT);
    first.inputs.forEach(batch::replay);
    AllocatorImage batchImage = batch.apply();
    assertEquals(first.written, batch.changes());
    assertEquals(first.image, batchImage);
  }

  /**
   * Every input ends in exactly one decision, which accounts for it. A waiting start decided late
   * (inside the decision of the NetworkCreated or HostRegistered that completed it) is an
   * additional allocation change for an input already accounted for: its allocation and its
   * rejection, if any, carry that start's cause, never the current input's; so those records are
   * set apart before the rule for the current input is checked.
   */
  private static void assertAccountedFor(InputEvent e, Decision d, PSortedMap<String, WaitingStart> waitingBefore) {
    List<OutputRecord> late = d.records().stream().filter(r -> lateRecord(e, r, waitingBefore)).toList();
    if (!late.isEmpty()) {
      assertFalse(e.envelope() instanceof ContainerEvent, d.toString());
      assertEquals(Decision.Outcome.APPLIED, d.outcome(), d.toString());
      Set<String> decidedLate = new HashSet<>();
      for (OutputRecord r : late) {
        if (r.topic().equals(Topics.ALLOCATIONS.name())) {
          assertTrue(decidedLate.add(r.key()), "two late allocations for " + r.key() + " in " + d);
        }
      }
    }
    List<OutputRecord> rejections = d.records().stream()
        .filter(r -> r.topic().equals(Topics.REJECTED.name()) && !late.contains(r)).toList();
    switch (d.outcome()) {
      case REJECTED -> {
        assertEquals(1, rejections.size(), d.toString());
        assertEquals(e.cause(), ((Rejection) rejections.get(0).value()).getInput());
        assertEquals(e.key(), rejections.get(0).key());
      }
      case NO_OP -> assertTrue(d.records().isEmpty());
      default -> {
        assertTrue(rejections.isEmpty());
        assertFalse(d.records().isEmpty(), d.toString());
      }
    }
    if (e.envelope() instanceof ContainerEvent) {
      assertFalse(d.outcome() == Decision.Outcome.NO_OP);
      long ownAllocations = d.records().stream()
          .filter(r -> r.topic().equals(Topics.ALLOCATIONS.name()) && r.key().equals(e.key())).count();
      assertTrue(ownAllocations <= 1, d.toString());
      if (d.outcome() != Decision.Outcome.REJECTED) {
        assertEquals(1, ownAllocations, d.toString());
      }
    }
  }

  /** A record written for a waiting start decided late: it carries that start's cause. */
  private static boolean lateRecord(InputEvent e, OutputRecord r, PSortedMap<String, WaitingStart> waitingBefore) {
    if (r.value() instanceof Rejection rj && !rj.getInput().equals(e.cause())) {
      assertTrue(waitingBefore.values().stream().anyMatch(w -> w.input().cause().equals(rj.getInput())),
          "a rejection for " + rj.getInput() + " which was not waiting, at " + e.cause());
      return true;
    }
    if (r.topic().equals(Topics.ALLOCATIONS.name()) && r.value() instanceof Allocation a
        && !r.key().startsWith(AllocationKeys.HOST_PREFIX) && !a.getCause().equals(e.cause())
        && !(e.envelope() instanceof ContainerEvent)) {
      WaitingStart w = waitingBefore.get(r.key());
      assertTrue(w != null && w.input().cause().equals(a.getCause()),
          "an allocation of " + r.key() + " caused by " + a.getCause() + " which was not waiting, at " + e.cause());
      return true;
    }
    return false;
  }

  /** A start waits only while its network or host is missing, and only with a FAILED allocation. */
  private static void assertWaitingOnlyForWhatIsMissing(AllocatorImage image) {
    image.waiting().forEach((cid, w) -> {
      ContainerStarted st = w.start();
      assertFalse(image.networks().containsKey(st.getNetworkId()) && image.hosts().containsKey(st.getHostId()),
          cid + " waits although its network and host are known");
      assertEquals(AllocationState.FAILED, image.containers().get(cid).getState(), cid);
    });
  }

  private static void assertSequencesIncrease(InputEvent e, Decision d, Map<String, Long> last) {
    if (d.outcome() == Decision.Outcome.DUPLICATE) {
      return;
    }
    for (OutputRecord r : d.records()) {
      if (r.topic().equals(StateSections.NETWORKS) && r.value() == null) {
        last.remove(r.key()); // a deleted network starts counting again when re-created
      }
      if (r.value() instanceof Allocation a && e.envelope() instanceof ContainerEvent
          && !a.getCause().equals(e.cause())) {
        continue; // a stop of a waiting start says again what is in force (its FAILED allocation)
      }
      if (r.value() instanceof Allocation a && a.getSequence() > 0) {
        Long prev = last.put(a.getNetworkId(), a.getSequence());
        assertEquals(prev == null ? 1 : prev + 1, a.getSequence(), "sequence of " + r.key() + " at " + e.cause());
      }
    }
  }

  private static void assertNoAddressSharedAndDnsLive(Script s) {
    Map<String, Map<String, String>> holders = new HashMap<>();
    for (var entry : s.view(Topics.ALLOCATIONS.name()).entrySet()) {
      Allocation a = (Allocation) entry.getValue();
      if (a.getState() == AllocationState.ALLOCATED) {
        String other = holders.computeIfAbsent(a.getNetworkId(), k -> new HashMap<>()).put(a.getIp(), entry.getKey());
        assertEquals(null, other, a.getIp() + " in " + a.getNetworkId() + " held by " + other + " and " + entry.getKey());
      }
    }
    Set<String> seen = new HashSet<>();
    for (var entry : s.view(Topics.DNS_RECORDS.name()).entrySet()) {
      DnsRecord r = (DnsRecord) entry.getValue();
      assertFalse(r.getAddresses().isEmpty());
      assertTrue(seen.add(entry.getKey()));
      for (String ip : r.getAddresses()) {
        String holder = holders.getOrDefault(r.getNetworkId(), Map.of()).get(ip);
        assertTrue(holder != null && !holder.startsWith(AllocationKeys.HOST_PREFIX),
            entry.getKey() + " names " + ip + " which no live container holds");
      }
    }
  }
}
