package io.netledger.events.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.AcceptedFact;
import io.netledger.avro.Allocation;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import org.junit.jupiter.api.Test;

class DecisionBookTest {
  private static final String C = "netledger.containers.v1";

  private static InputCoordinates at(String topic, int partition, long offset) {
    InputCoordinates c = new InputCoordinates();
    c.setTopic(topic);
    c.setPartition(partition);
    c.setOffset(offset);
    c.setEventId("e-" + offset);
    return c;
  }

  private static Published published(int partition, long offset) {
    return new Published(C, partition, offset, "c1", "e-" + offset);
  }

  private static AcceptedFact fact(InputCoordinates c) {
    AcceptedFact f = new AcceptedFact();
    f.setInput(c);
    return f;
  }

  private static Allocation allocation(InputCoordinates cause, String ip) {
    Allocation a = new Allocation();
    a.setCause(cause);
    a.setIp(ip);
    return a;
  }

  private static Rejection rejection(InputCoordinates c, RejectionReason reason) {
    Rejection r = new Rejection();
    r.setInput(c);
    r.setReason(reason);
    r.setMessage("refused");
    return r;
  }

  @Test
  void aRejectionDecidesOnlyTheInputAtItsCoordinates() {
    DecisionBook book = new DecisionBook(100, 500);
    book.rejected(rejection(at(C, 2, 7), RejectionReason.DUPLICATE_EVENT));
    Decision d = book.decision(published(2, 7), 0).orElseThrow();
    assertEquals(RejectionReason.DUPLICATE_EVENT, assertInstanceOf(Decision.Refused.class, d).rejection().getReason());
    assertTrue(book.decision(published(2, 8), 0).isEmpty(), "another offset");
    assertTrue(book.decision(published(1, 7), 0).isEmpty(), "another partition");
    assertTrue(book.decision(new Published("netledger.hosts.v1", 2, 7, "h", "e"), 0).isEmpty(), "another topic");
  }

  @Test
  void anAcceptedStartIsFinalWithItsAllocationInWhicheverOrderTheyArrive() {
    DecisionBook book = new DecisionBook(100, 500);
    book.accepted(fact(at(C, 0, 3)), 1000);
    assertTrue(book.decision(published(0, 3), 1000).isEmpty(), "waits for the allocation of its transaction");
    book.allocation(allocation(at(C, 0, 4), "10.0.0.9"), 1000);
    book.allocation(allocation(at(C, 0, 3), "10.0.0.5"), 1001);
    Decision.Accepted a = assertInstanceOf(Decision.Accepted.class, book.decision(published(0, 3), 1001).orElseThrow());
    assertEquals(1, a.allocations().size());
    assertEquals("10.0.0.5", a.allocations().get(0).getIp());

    book.allocation(allocation(at(C, 0, 5), "10.0.0.6"), 1002);
    assertTrue(book.decision(published(0, 5), 1002).isEmpty(), "an allocation alone is no decision");
    book.accepted(fact(at(C, 0, 5)), 1003);
    assertEquals("10.0.0.6", assertInstanceOf(Decision.Accepted.class,
        book.decision(published(0, 5), 1003).orElseThrow()).allocations().get(0).getIp());
  }

  @Test
  void anAcceptedFactWithoutAllocationIsFinalAfterTheSettleTime() {
    DecisionBook book = new DecisionBook(100, 500);
    book.accepted(fact(at(C, 1, 1)), 1000);
    assertTrue(book.decision(published(1, 1), 1499).isEmpty());
    assertTrue(assertInstanceOf(Decision.Accepted.class, book.decision(published(1, 1), 1500).orElseThrow())
        .allocations().isEmpty());
  }

  @Test
  void theBookIsBounded() {
    DecisionBook book = new DecisionBook(10, 500);
    for (int i = 0; i < 100; i++) {
      book.rejected(rejection(at(C, 0, i), RejectionReason.OTHER));
      book.accepted(fact(at(C, 1, i)), 0);
    }
    assertTrue(book.size() <= 20, "size " + book.size());
    assertTrue(book.decision(published(0, 99), 0).isPresent(), "the newest is kept");
    assertTrue(book.decision(published(0, 0), 0).isEmpty(), "the oldest is forgotten");
  }
}
