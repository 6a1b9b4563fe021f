package io.netledger.agent.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsecMetricsTest {
  @Test
  void perPeerStateAndCountersFollowTheLastCheckAndPeersThatLeftDisappear() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    IpsecMetrics m = new IpsecMetrics(meters, "H2");
    m.accept(new IpsecStatus(true, 1, 3, List.of(
        new IpsecStatus.TunnelState("H1", "nl-H1", "ESTABLISHED", "INSTALLED", 100, 2, 200, 4),
        new IpsecStatus.TunnelState("H3", "nl-H3", "DOWN", "NONE", 0, 0, 0, 0)), null));
    assertEquals(1.0, meters.get("netledger.agent.ipsec.tunnels.up").gauge().value());
    assertEquals(2.0, meters.get("netledger.agent.ipsec.tunnels").gauge().value());
    assertEquals(1.0, meters.get("netledger.agent.ipsec.sa.up").tag("peer", "H1").gauge().value());
    assertEquals(0.0, meters.get("netledger.agent.ipsec.sa.up").tag("peer", "H3").gauge().value());
    assertEquals(200.0, meters.get("netledger.agent.ipsec.sa.bytes.out").tag("peer", "H1").gauge().value());
    assertEquals(1.0, meters.get("netledger.agent.ipsec.charon.restarts").functionCounter().count());

    m.accept(new IpsecStatus(true, 1, 3, List.of(
        new IpsecStatus.TunnelState("H1", "nl-H1", "ESTABLISHED", "INSTALLED", 150, 3, 250, 5)), null));
    assertNull(meters.find("netledger.agent.ipsec.sa.up").tag("peer", "H3").gauge());
    assertEquals(150.0, meters.get("netledger.agent.ipsec.sa.bytes.in").tag("peer", "H1").gauge().value());
  }
}
