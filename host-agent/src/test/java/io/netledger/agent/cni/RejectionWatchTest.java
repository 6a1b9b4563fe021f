package io.netledger.agent.cni;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.events.registry.InMemorySchemaRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class RejectionWatchTest {
  /**
   * An agent restarted during a broker outage must start: the watch used to look its partitions
   * up in its constructor, whose 60 s metadata timeout ended the agent (the fault suite's 60 s
   * outage). Now it starts at once and keeps looking in its own thread.
   */
  @Test
  void startsAtOnceWithNoBrokerAndClosesCleanly() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    RejectionWatch w = RejectionWatch.start("127.0.0.1:" + dead, new InMemorySchemaRegistry(), "H1");
    try {
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "start does not wait for a broker");
      Thread.sleep(300);
      assertFalse(w.positioned());
      assertTrue(w.of("netledger.containers.v1", 0, 1).isEmpty());
    } finally {
      long closing = System.nanoTime();
      w.close();
      assertTrue((System.nanoTime() - closing) / 1_000_000 < 6_000, "close does not wait for the lookup");
    }
  }
}
