package io.netledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.stream.DecisionInput;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The views checked against each other on the pure replay (allocator, its accepted facts, the
 * mesh that follows them): a refused NetworkDeleted leaves every host's slices in place and the
 * views agree; a mesh that had applied it (what the mesh did when it read the raw input topics)
 * is named key by key.
 */
class CrossCheckTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private long offset;

  private Step step(String topic, String key, SpecificRecord envelope) {
    long o = offset++;
    return new Step(o, T0.plusSeconds(o), key, new byte[0], new DecisionInput(InputEvent.of(topic, 0, o, key, envelope), null));
  }

  private Step host(String id, String ip) {
    return step(Topics.HOSTS.name(), id, new HostEvent("h-" + id, T0, "t", HostRegistered.newBuilder()
        .setHostId(id).setHostname(id.toLowerCase()).setUnderlayIp(ip).setIkeIdentity("CN=" + id).build()));
  }

  private Step start(String id, String host) {
    return step(Topics.CONTAINERS.name(), id, new ContainerEvent("s-" + id, T0, "t", ContainerStarted.newBuilder()
        .setContainerId(id).setName(id).setService(id).setStack("s").setHostId(host).setNetworkId("n")
        .setNetns("nlc-" + id).build()));
  }

  @Test
  void aRefusedNetworkDeletedReachesNoViewAndTheViewsAgree() {
    MeshReplay mesh = new MeshReplay();
    Replay r = new Replay(AllocatorConfig.DEFAULT, List.of(mesh));
    r.accept(host("H1", "198.51.100.11"));
    r.accept(host("H2", "198.51.100.12"));
    r.accept(step(Topics.NETWORKS.name(), "n", new NetworkEvent("n", T0, "t", NetworkCreated.newBuilder()
        .setNetworkId("n").setName("n").setCidr("10.9.0.0/16").setBlockPrefixLength(26).setVni(1).setMtu(1450)
        .setDnsDomain("d").setEncryption(Encryption.NONE).build())));
    r.accept(start("web", "H1"));
    r.accept(start("db", "H2"));
    r.accept(step(Topics.NETWORKS.name(), "n", new NetworkEvent("del", T0, "t", new NetworkDeleted("n"))));

    Map<String, SpecificRecord> state = mesh.hostState();
    for (String k : List.of("H1/network/n", "H2/network/n", "H1/peer/n/H2", "H2/peer/n/H1", "H1/endpoint/web",
        "H2/endpoint/db")) {
      assertTrue(state.containsKey(k), k + " in " + state.keySet());
    }
    Map<String, SpecificRecord> allocations = r.views().view(Topics.ALLOCATIONS);
    Map<String, SpecificRecord> dns = r.views().view(Topics.DNS_RECORDS);
    assertEquals(List.of(), CrossCheck.check(allocations, dns, state));

    // The old mesh: it applied the NetworkDeleted the allocator refused.
    Map<String, SpecificRecord> emptied = new TreeMap<>(state);
    emptied.keySet().removeIf(k -> k.endsWith("/network/n") || k.contains("/peer/n/") || k.contains("/endpoint/"));
    List<Difference> d = CrossCheck.check(allocations, dns, emptied);
    List<String> keys = d.stream().map(Difference::key).toList();
    assertTrue(keys.containsAll(List.of("web", "db", "H1/network/n", "H2/peer/n/H1")), keys.toString());
    assertTrue(d.stream().allMatch(x -> x.note().startsWith("inconsistent: ")), d.toString());

    // A DNS name whose address nobody holds.
    Map<String, SpecificRecord> fewer = new TreeMap<>(allocations);
    fewer.remove("web");
    List<Difference> dnsDangling = CrossCheck.check(fewer, dns, null);
    assertFalse(dnsDangling.isEmpty());
    assertTrue(dnsDangling.stream().allMatch(x -> x.topic().equals(Topics.DNS_RECORDS.name())), dnsDangling.toString());
    assertTrue(dnsDangling.stream().anyMatch(x -> x.key().equals("n/web.d")), dnsDangling.toString());
  }
}
