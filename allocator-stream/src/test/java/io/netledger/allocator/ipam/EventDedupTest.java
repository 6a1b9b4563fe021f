package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.Allocation;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * De-duplication by eventId: a repeat within the window is refused DUPLICATE_EVENT under its own
 * coordinates, naming the first input's, and decides nothing; the window is part of the image
 * (Script checks image == restore(records) after every step) and evicts in decision order.
 */
class EventDedupTest {
  private static Script seeded(AllocatorConfig config) {
    Script s = new Script(config);
    s.network(TestInputs.network("managed", "10.42.0.0/16", 26));
    s.host("H1");
    return s;
  }

  @Test
  void aRepeatedStartIsRefusedUnderItsOwnCoordinatesNamingTheFirst() {
    Script s = seeded(AllocatorConfig.DEFAULT);
    InputEvent first = s.in.started(TestInputs.container("c1", "c1", null, null, "H1", "managed"));
    assertEquals(Decision.Outcome.APPLIED, s.replay(first).outcome());
    AllocatorImage before = s.image;
    Allocation held = s.allocation("c1");

    InputEvent repeat = s.in.again(first);
    Decision d = s.replay(repeat);

    assertEquals(Decision.Outcome.REJECTED, d.outcome());
    assertEquals(1, d.records().size(), "only the rejection: " + d.records());
    Rejection r = Script.rejection(d);
    assertEquals(RejectionReason.DUPLICATE_EVENT, r.getReason());
    assertEquals(repeat.cause(), r.getInput(), "under the repeat's own coordinates");
    assertTrue(r.getMessage().contains(Topics.CONTAINERS.name() + " partition 0 offset " + first.cause().getOffset()),
        r.getMessage());
    assertTrue(r.getMessage().contains(first.cause().getEventId()), r.getMessage());
    assertEquals(before, s.image, "no new decision");
    assertEquals(held, s.allocation("c1"));
    assertTrue(AcceptedFacts.of(repeat, d).isEmpty(), "a refused repeat is no accepted fact");
  }

  @Test
  void everyKindOfInputIsRecognisedAndARefusedOneToo() {
    Script s = seeded(AllocatorConfig.DEFAULT);
    InputEvent net = s.in.networkCreated(TestInputs.network("other", "10.9.0.0/16", 26));
    s.replay(net);
    InputEvent stopUnknown = s.in.stopped("nobody");
    assertEquals(Decision.Outcome.REJECTED, s.replay(stopUnknown).outcome());
    for (InputEvent first : List.of(net, stopUnknown)) {
      Decision d = s.replay(s.in.again(first));
      assertEquals(RejectionReason.DUPLICATE_EVENT, Script.rejection(d).getReason(), first.key());
    }
    // A different event for the same container is no repeat.
    assertEquals(RejectionReason.UNKNOWN_CONTAINER, Script.rejection(s.stop("nobody")).getReason());
  }

  @Test
  void theWindowEvictsTheOldestInDecisionOrder() {
    Script s = seeded(AllocatorConfig.DEFAULT.withEventWindow(3));
    InputEvent c1 = s.in.started(TestInputs.container("c1", "c1", null, null, "H1", "managed"));
    s.replay(c1);
    InputEvent c2 = s.in.started(TestInputs.container("c2", "c2", null, null, "H1", "managed"));
    s.replay(c2);
    EventWindow w = s.image.events();
    assertEquals(3, w.size());
    assertNull(w.first("ev-1"), "the network's id is gone: three ids came after it");
    assertNotNull(w.first("ev-2"));
    InputCoordinates at = w.first(c2.cause().getEventId());
    assertEquals(c2.cause(), at);

    // c1's id is still in: refused. Then two more inputs push it out: decided again, as a repeated start.
    assertEquals(RejectionReason.DUPLICATE_EVENT, Script.rejection(s.replay(s.in.again(c1))).getReason());
    s.start("c3", "H1", "managed");
    s.start("c4", "H1", "managed");
    assertNull(s.image.events().first(c1.cause().getEventId()));
    Decision late = s.replay(s.in.again(c1));
    assertEquals(Decision.Outcome.DUPLICATE, late.outcome(), "beyond the window a start is idempotent as before");
    assertEquals(3, s.image.events().size());
  }

  @Test
  void aWindowOfZeroTurnsItOff() {
    Script s = seeded(AllocatorConfig.DEFAULT.withEventWindow(0));
    InputEvent c1 = s.in.started(TestInputs.container("c1", "c1", null, null, "H1", "managed"));
    s.replay(c1);
    assertEquals(Decision.Outcome.DUPLICATE, s.replay(s.in.again(c1)).outcome());
    assertEquals(0, s.image.events().size());
  }

  @Test
  void replayingTheSameLogRefusesAndEvictsTheSame() {
    Script s = seeded(AllocatorConfig.DEFAULT.withEventWindow(4));
    List<InputEvent> firsts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      InputEvent e = s.in.started(TestInputs.container("c" + i, "c" + i, null, null, "H1", "managed"));
      s.replay(e);
      firsts.add(e);
      s.replay(s.in.again(firsts.get(i / 2)));
    }
    // Audit's replay: the same inputs onto EMPTY, one delta for all, gives the same image and records.
    AllocatorDelta d = AllocatorImage.EMPTY.delta(s.config);
    List<Decision> decisions = new ArrayList<>();
    for (InputEvent e : s.inputs) {
      decisions.add(d.replay(e));
    }
    assertEquals(s.image, d.apply());
    assertEquals(s.written, d.changes());
    assertEquals(s.image, ImageRecords.restore(ImageRecords.render(s.image)));
    long refused = decisions.stream().filter(x -> x.outcome() == Decision.Outcome.REJECTED).count();
    assertTrue(refused > 0 && refused < 8, "some repeats inside the window, some beyond it: " + refused);
  }
}
