package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exhaustion of a small pool and borrowing from another host's block. */
class PoolTest {

  @Test
  void aSlash28IsExhaustedAfterFourteenAddressesAndTheFifteenthIsRejected() {
    Script s = new Script();
    s.network(TestInputs.network("small", "10.0.0.0/28", 28));
    s.host("H1");
    for (int i = 2; i <= 14; i++) {
      assertEquals(Decision.Outcome.APPLIED, s.start("c" + i, "H1", "small").outcome());
      assertEquals("10.0.0." + i, s.allocation("c" + i).getIp());
    }
    assertEquals("10.0.0.1", s.allocation("host/H1/small").getIp());
    Decision d = s.start("c15", "H1", "small");
    assertEquals(Decision.Outcome.REJECTED, d.outcome());
    Rejection r = Script.rejection(d);
    assertEquals(RejectionReason.POOL_EXHAUSTED, r.getReason());
    assertEquals("allocator-stream", r.getRejectedBy());
    assertEquals("c15", new String(r.getInputKey().array(), java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(r.getMessage().contains("10.0.0.0/28"), r.getMessage());
    Allocation failed = s.allocation("c15");
    assertEquals(AllocationState.FAILED, failed.getState());
    assertNull(failed.getIp());
    assertTrue(failed.getReason().startsWith("POOL_EXHAUSTED"), failed.getReason());
    assertEquals(15L, failed.getSequence()); // the host address and 13 containers, then this decision
  }

  @Test
  void aHostThatCannotGetItsOwnAddressTakesNothing() {
    Script s = new Script();
    s.network(TestInputs.network("tiny", "10.0.0.0/30", 30)); // only .1 and .2
    s.host("H1");
    s.host("H2");
    s.start("a", "H1", "tiny");
    Decision d = s.start("b", "H2", "tiny");
    assertEquals(RejectionReason.POOL_EXHAUSTED, Script.rejection(d).getReason());
    assertEquals(Map.of("host/H1/tiny", "10.0.0.1", "a", "10.0.0.2"), s.addresses());
  }

  @Test
  void withNoFreeBlockAContainerBorrowsTheLowestFreeAddressOfAnotherHostsBlock() {
    Script s = new Script();
    s.network(TestInputs.network("n", "10.1.0.0/28", 30)); // four /30 blocks
    s.host("H1");
    s.host("H2");
    s.host("H3");
    s.start("a1", "H1", "n");
    s.start("a2", "H1", "n");
    s.start("a3", "H1", "n"); // H1's first block is full: claims the next one
    s.start("b1", "H2", "n");
    s.start("c1", "H3", "n");
    s.start("b2", "H2", "n");
    s.start("b3", "H2", "n");
    s.start("b4", "H2", "n"); // no free block left: borrows from H1
    assertEquals(Map.of("n/10.1.0.0/30", "H1", "n/10.1.0.4/30", "H1", "n/10.1.0.8/30", "H2",
        "n/10.1.0.12/30", "H3"), s.blocks());
    assertEquals(Script.map(
        "host/H1/n", "10.1.0.1", "a1", "10.1.0.2", "a2", "10.1.0.3", "a3", "10.1.0.4",
        "host/H2/n", "10.1.0.8", "b1", "10.1.0.9", "b2", "10.1.0.10", "b3", "10.1.0.11", "b4", "10.1.0.5*",
        "host/H3/n", "10.1.0.12", "c1", "10.1.0.13"), s.addresses());
    assertEquals("10.1.0.4/30", s.allocation("b4").getBlockCidr());
  }

  @Test
  void aHostsEmptyBlocksAndAddressGoWithItsLastContainerButABorrowedAddressStays() {
    Script s = new Script();
    s.network(TestInputs.network("n", "10.1.0.0/29", 30)); // two /30 blocks: .1-.3 and .4-.6
    s.host("H1");
    s.host("H2");
    s.start("a1", "H1", "n");
    s.start("b1", "H2", "n");
    s.start("b2", "H2", "n"); // .6
    s.start("b3", "H2", "n"); // borrows .3 from H1
    assertEquals("10.1.0.3*", s.addresses().get("b3"));
    s.remove("a1");
    // H1 left the network: its address and its block's affinity go, although b3 still lives in it.
    assertEquals(Map.of("n/10.1.0.4/30", "H2"), s.blocks());
    assertNull(s.allocation("host/H1/n"));
    assertNull(s.allocation("a1"));
    assertEquals("10.1.0.3*", s.addresses().get("b3"));
    // The block is not free while b3 lives in it: H1 coming back must borrow.
    s.start("a2", "H1", "n");
    assertEquals(RejectionReason.POOL_EXHAUSTED, Script.rejection(s.start("a3", "H1", "n")).getReason());
  }
}
