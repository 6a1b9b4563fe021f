package io.netledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.stream.DecisionInput;
import io.netledger.avro.Allocation;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The histories on the pure replay, one decision per second: a start, a restart, a removal and a
 * new container asking for the freed address give exact tenures; a container's and a host's
 * history list their own decisions; the expected views are what the allocator's outputs say.
 */
class AddressHistoryTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private long offset;

  private Step step(String topic, String key, org.apache.avro.specific.SpecificRecord envelope) {
    long o = offset++;
    InputEvent e = InputEvent.of(topic, 0, o, key, envelope);
    return new Step(o, T0.plusSeconds(o), key, new byte[0], new DecisionInput(e, null));
  }

  private Step container(Object payload, String id) {
    return step(Topics.CONTAINERS.name(), id, new ContainerEvent("e" + offset, T0, "test", payload));
  }

  private static ContainerStarted start(String id, String host, String requested) {
    return ContainerStarted.newBuilder().setContainerId(id).setName(id).setService(id).setStack("s")
        .setHostId(host).setNetworkId("n").setNetns("nlc-" + id).setRequestedIp(requested).build();
  }

  /** The script: H2, network n, mongo, hubot, hubot stopped and removed, worker asking for hubot's address. */
  private Replay script(String workerAsks, Replay.Listener... listeners) {
    offset = 0;
    Replay r = new Replay(AllocatorConfig.DEFAULT, List.of(listeners));
    r.accept(step(Topics.HOSTS.name(), "H2", new HostEvent("h", T0, "t", HostRegistered.newBuilder()
        .setHostId("H2").setHostname("h2").setUnderlayIp("198.51.100.12").setIkeIdentity("CN=h2").build())));
    r.accept(step(Topics.NETWORKS.name(), "n", new NetworkEvent("n", T0, "t", NetworkCreated.newBuilder()
        .setNetworkId("n").setName("n").setCidr("10.9.0.0/16").setBlockPrefixLength(26).setVni(1).setMtu(1450)
        .setDnsDomain("d").setEncryption(Encryption.NONE).build())));
    r.accept(container(start("mongo", "H2", null), "mongo"));                                     // 2
    r.accept(container(start("hubot", "H2", null), "hubot"));                                     // 3
    r.accept(container(ContainerStopped.newBuilder().setContainerId("hubot").build(), "hubot")); // 4
    r.accept(container(ContainerRemoved.newBuilder().setContainerId("hubot").build(), "hubot")); // 5
    r.accept(container(start("worker", "H2", workerAsks), "worker"));                             // 6
    return r;
  }

  @Test
  void tenuresFollowStartsStopsAndReuse() {
    // hubot's address, as the allocator gave it (the first replay); then the real run with worker asking for it.
    SubjectHistory firstHubot = SubjectHistory.container("hubot");
    script(null, firstHubot);
    String hubotIp = ((Allocation) firstHubot.entries().get(0).changes().get(0).value()).getIp();

    AddressHistory who = new AddressHistory("n", hubotIp);
    SubjectHistory hubot = SubjectHistory.container("hubot");
    SubjectHistory h2 = SubjectHistory.host("H2");
    Replay r = script(hubotIp, who, hubot, h2);
    assertEquals(7, r.decisions());

    List<Tenure> t = who.tenures();
    assertEquals(2, t.size(), t.toString());
    assertEquals("hubot", t.get(0).key());
    assertEquals(T0.plusSeconds(3), t.get(0).from());
    assertEquals(T0.plusSeconds(4), t.get(0).to());
    assertEquals(4, t.get(0).toInput().getOffset());
    assertEquals("worker", t.get(1).key());
    assertEquals(T0.plusSeconds(6), t.get(1).from());
    assertEquals(6, t.get(1).fromInput().getOffset());
    assertNull(t.get(1).to());
    assertTrue(t.get(0).heldAt(T0.plusSeconds(3)) && !t.get(0).heldAt(T0.plusSeconds(4)));

    assertEquals(List.of(3L, 4L, 5L), hubot.entries().stream().map(e -> e.step().offset()).toList());
    assertEquals(List.of(0L, 2L, 3L, 4L, 5L, 6L), h2.entries().stream().map(e -> e.step().offset()).toList());
    Allocation worker = (Allocation) r.views().view(Topics.ALLOCATIONS).get("worker");
    assertEquals(hubotIp, worker.getIp());
    assertFalse(r.views().view(Topics.ALLOCATIONS).containsKey("hubot"));
    assertTrue(new AddressHistory("n", "10.9.9.9").tenures().isEmpty());
  }
}
