package io.netledger.agent.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.calc.Slices;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunnelPlanTest {
  static Map<String, HostStateSlice> encrypted(String... peers) {
    Map<String, HostStateSlice> m = Slices.h2("mongo", "hubot");
    NetworkOnHost n = Slices.network("10.42.0.65");
    n.setEncryption(Encryption.IPSEC);
    m.put("H2/network/managed", Slices.wrap("H2", n));
    m.keySet().removeIf(k -> k.contains("/peer/"));
    int i = 10;
    for (String p : peers) {
      Peer peer = Slices.peer(p, "198.51.100." + i, "10.42.0." + i, List.of());
      peer.setIkeIdentity("CN=" + p.toLowerCase() + ".netledger");
      m.put("H2/peer/managed/" + p, Slices.wrap("H2", peer));
      i++;
    }
    return m;
  }

  @Test
  void oneTunnelPerPeerOfAnEncryptedNetworkBetweenTunnelAddresses() {
    TunnelPlan plan = TunnelPlan.from("H2", "198.51.100.12", encrypted("H1", "H3").values());
    assertEquals(List.of("nl-H1", "nl-H3"), plan.tunnels().stream().map(Tunnel::name).toList());
    Tunnel h1 = plan.tunnels().get(0);
    assertEquals("100.115.100.12", h1.localTs());
    assertEquals("100.115.100.10", h1.remoteTs());
    assertEquals("198.51.100.10", h1.remoteUnderlay());
    assertEquals("CN=h1.netledger", h1.remoteId());
    assertFalse(h1.initiator(), "H1 < H2: H1 initiates");
    assertTrue(plan.tunnels().get(1).initiator(), "H2 < H3: H2 initiates");
    assertTrue(plan.needsCharon());
    assertEquals(List.of(), plan.problems());
  }

  @Test
  void aHostInAnEncryptedNetworkWithoutPeersStillRunsCharonToAnswer() {
    TunnelPlan plan = TunnelPlan.from("H2", "198.51.100.12", encrypted().values());
    assertTrue(plan.needsCharon());
    assertEquals(List.of(), plan.tunnels());
  }

  @Test
  void plainNetworksNeedNoTunnel() {
    TunnelPlan plan = TunnelPlan.from("H2", Slices.H2_UNDERLAY, Slices.h2("mongo", "hubot").values());
    assertFalse(plan.needsCharon());
    assertEquals(TunnelPlan.EMPTY, plan);
  }

  @Test
  void aPeerWithoutIdentityGetsNoTunnelAndIsReported() {
    Map<String, HostStateSlice> m = encrypted("H1");
    ((Peer) m.get("H2/peer/managed/H1").getSlice()).setIkeIdentity(null);
    TunnelPlan plan = TunnelPlan.from("H2", "198.51.100.12", m.values());
    assertEquals(List.of(), plan.tunnels());
    assertTrue(plan.problems().get(0).contains("no IKE identity"), plan.problems()::toString);
  }

  @Test
  void tunnelAddressesKeepTheLow22BitsOfTheUnderlay() {
    assertEquals("100.115.100.11", TunnelAddress.of("198.51.100.11"));
    assertEquals("100.64.2.2", TunnelAddress.of("192.0.2.2"));
    assertEquals("100.67.255.255", TunnelAddress.of("10.3.255.255"));
    assertThrows(IllegalArgumentException.class, () -> TunnelAddress.of("10.0.0"));
    assertThrows(IllegalArgumentException.class, () -> TunnelAddress.of("10.0.0.300"));
  }

  @Test
  void connectionNamesAreSafeForCharonSections() {
    assertEquals("nl-host_1_example", Tunnel.nameFor("host 1.example"));
  }
}
