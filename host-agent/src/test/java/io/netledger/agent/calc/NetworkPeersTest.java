package io.netledger.agent.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.HostStateSlice;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed scenario's H2 fed by a per-network mesh (H1's and its own advert on network-peers, its
 * own slices on its partition, in either order) holds the same slices, and so computes the same
 * {@link DesiredState}, as when the mesh writes H1's Peer on H2's partition.
 */
class NetworkPeersTest {
  @Test
  void advertsBecomeThePerHostPeersAndTheSameDesiredState() {
    Map<String, HostStateSlice> perHost = Slices.h2("/run/netns/mongo", "/run/netns/hubot");
    HostStateSlice h1Advert = Slices.wrap("H1", perHost.get("H2/peer/managed/H1").getSlice());
    HostStateSlice ownAdvert = Slices.wrap("H2", Slices.peer("H2", Slices.H2_UNDERLAY, "10.42.0.65",
        List.of("10.42.0.64/26")));

    NetworkPeers peers = new NetworkPeers("H2");
    Map<String, HostStateSlice> held = new HashMap<>();
    // Adverts first: nothing passes on before H2 takes part in the network.
    assertTrue(peers.onAdvert("managed/H1", h1Advert).isEmpty());
    assertTrue(peers.onAdvert("managed/H2", ownAdvert).isEmpty(), "never the host's own advert");
    assertTrue(peers.onAdvert("other/H9", h1Advert).isEmpty(), "a network H2 is not in");
    assertTrue(peers.onAdvert("no-slash", h1Advert).isEmpty());
    perHost.forEach((k, v) -> {
      if (!k.contains("/peer/")) {
        held.put(k, v);
        peers.onHostState(k, v).forEach(u -> held.put(u.key(), u.slice()));
      }
    });
    assertEquals(perHost.keySet(), held.keySet());
    assertEquals(perHost.get("H2/peer/managed/H1").getSlice(), held.get("H2/peer/managed/H1").getSlice());
    assertEquals(0L, held.get("H2/peer/managed/H1").getGeneration(), "adverts do not move H2's generation");
    assertEquals(DesiredState.from(Slices.H2, perHost.values()), DesiredState.from(Slices.H2, held.values()));

    // The advert changes, then goes; leaving the network removes what it passed on.
    List<NetworkPeers.Update> gone = peers.onAdvert("managed/H1", null);
    assertEquals(List.of(new NetworkPeers.Update("H2/peer/managed/H1", null)), gone);
    peers.onAdvert("managed/H1", h1Advert);
    List<NetworkPeers.Update> left = peers.onHostState("H2/network/managed", null);
    assertEquals(1, left.size());
    assertNull(left.get(0).slice());
    assertTrue(peers.onHostState("H2/endpoint/c-mongo", null).isEmpty());
  }
}
