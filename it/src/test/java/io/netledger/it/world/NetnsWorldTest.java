package io.netledger.it.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.Shell;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test world itself: hosts reach each other and the bridge over TEST-NET, and nothing is left behind. */
class NetnsWorldTest {
  @BeforeAll
  static void needsRoot() {
    assumeTrue(Shell.canBuildNamespaces(), "needs root and iproute2 to build network namespaces");
  }

  @Test
  void hostsReachEachOtherOverTheUnderlayAndTeardownLeavesNothing() {
    try (NetnsWorld world = NetnsWorld.create()) {
      String h1 = world.addHost("H1");
      String h2 = world.addHost("H2");
      world.addContainer("probe");
      assertEquals(world.underlayIp(1), h1);
      assertEquals(world.underlayIp(2), h2);
      assertTrue(!h1.startsWith("192.0.2."), "the machine's own network is never reused: " + h1);
      Shell.Result ping = Shell.inNetns(NetnsWorld.hostNs("H1"), 15, "ping", "-c1", "-W2", h2);
      assertTrue(ping.ok(), ping.output());
      Shell.Result gw = Shell.inNetns(NetnsWorld.hostNs("H2"), 15, "ping", "-c1", "-W2", world.gateway());
      assertTrue(gw.ok(), gw.output());
      assertTrue(NetnsWorld.namespaces().contains("nlc-probe"));
    }
    assertEquals(List.of(), NetnsWorld.leftovers());
  }
}
