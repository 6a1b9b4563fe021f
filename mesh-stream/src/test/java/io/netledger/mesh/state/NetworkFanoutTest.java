package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.HostStateSlice;
import io.netledger.avro.Peer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PeerFanout#PER_NETWORK}: records per input stay flat from 10 to 5,000 hosts (a join is
 * the host's network slice plus its one advert; a start in a held block its endpoint), and what a
 * host gets (its own slices from host-state, its peers from the network's adverts) is exactly
 * what {@link PeerFanout#PER_HOST} writes on its partition. Figures are printed
 * (target/surefire-reports/*NetworkFanoutTest-output.txt).
 */
class NetworkFanoutTest {
  static final int CONTAINERS = 30;

  @ParameterizedTest
  @ValueSource(ints = {10, 1000, 5000})
  void recordsPerInputDoNotGrowWithHosts(int hosts) {
    long[] inputs = {0};
    long[] outputs = {0};
    long[] max = {0};
    BigNetwork net = new BigNetwork();
    net.fanout = PeerFanout.PER_NETWORK;
    net.build(hosts, CONTAINERS, (kind, d) -> {
      int out = d.changes().size() + d.networkPeers().size();
      inputs[0]++;
      outputs[0] += out;
      max[0] = Math.max(max[0], out);
      assertEquals(0, d.rejections().size());
      assertTrue(d.changes().stream().noneMatch(c -> c.key().contains("/peer/")), "no per-host peers");
    });
    // Joining: NetworkOnHost + the host's advert; a start: its endpoint.
    assertEquals(2, max[0], "max records per input");
    assertEquals((long) hosts * (2 + CONTAINERS), outputs[0], "every slice and advert written once");
    System.out.printf("PER_NETWORK hosts=%d containers/host=%d inputs=%d outputs=%d outputs/input=%.3f"
        + " outputs/container-start=%.3f max=%d%n", hosts, CONTAINERS, inputs[0], outputs[0],
        (double) outputs[0] / inputs[0], (double) outputs[0] / ((long) hosts * CONTAINERS), max[0]);
  }

  @Test
  void eachHostGetsThePeersPerHostWouldWrite() {
    int hosts = 40;
    BigNetwork perHost = new BigNetwork();
    BigNetwork perNetwork = new BigNetwork();
    perNetwork.fanout = PeerFanout.PER_NETWORK;
    Map<String, HostStateSlice> hostState = new HashMap<>();
    Map<String, HostStateSlice> adverts = new HashMap<>();
    BigNetwork.Listener collect = (kind, d) -> {
      d.changes().forEach(c -> hostState.put(c.key(), c.slice()));
      d.networkPeers().forEach(c -> adverts.put(c.key(), c.slice()));
    };
    perHost.build(hosts, 5, (k, d) -> {});
    perNetwork.build(hosts, 5, collect);
    // Churn, including a borrowed /32 that changes one host's advert.
    for (BigNetwork n : new BigNetwork[] {perHost, perNetwork}) {
      BigNetwork.Listener l = n == perNetwork ? collect : (k, d) -> {};
      n.stop(3, 2, l);
      n.start(3, 2, l);
    }
    hostState.values().removeIf(v -> v == null);
    adverts.values().removeIf(v -> v == null);
    // Same facts either way (generations differ: per-host peer slices advance them).
    assertEquals(perHost.image.allocations(), perNetwork.image.allocations());
    assertEquals(perHost.image.blocks(), perNetwork.image.blocks());
    for (int h = 0; h < hosts; h++) {
      String id = BigNetwork.hostId(h);
      Map<String, SpecificRecord> expected = perHost.image.hostState(id);
      Map<String, SpecificRecord> got = new TreeMap<>();
      hostState.forEach((k, v) -> {
        if (v.getHostId().equals(id)) {
          got.put(k, (SpecificRecord) v.getSlice());
        }
      });
      adverts.forEach((k, v) -> {
        Peer p = (Peer) v.getSlice();
        if (!p.getHostId().equals(id) && got.containsKey(Slices.networkKey(id, p.getNetworkId()))) {
          got.put(Slices.peerKey(id, p.getNetworkId(), p.getHostId()), p);
        }
      });
      assertEquals(expected, got, "what " + id + " holds");
    }
  }
}
