package io.netledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.allocator.stream.DecisionInput;
import io.netledger.avro.AcceptedFact;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Rejection;
import io.netledger.events.serde.AvroBinary;
import io.netledger.events.serde.TopicSerdes;
import io.netledger.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Combinators;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Random and malformed records (hostile strings in every field, truncated and random bytes,
 * tombstones, well-formed events in any order) through the allocator's own decoding and pure
 * decisions, its accepted facts, and the mesh that follows them, exactly as the stream apps and
 * {@code audit} run them: nothing throws; every input is accounted for, by its own coordinates,
 * as one accepted fact or a rejection; and the views agree with each other ({@link CrossCheck}).
 */
class HostileLogPropertyTest {
  static final TopicSerdes SERDES = AvroBinary.topicSerdes();
  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final String[] HOSTILE = {"", " ", "a\nb", "../../etc", "/proc/1/ns/net", "UPPER_x", "x".repeat(300),
      "web_1", "ünï", "a b", "-a", "\u0000", "CN=h\" }", "10.42.0.300", "10.42.0.1/16"};

  /** Marks, in a generated log, a verbatim repeat (same bytes, so the same eventId) of an earlier event. */
  static final String REPEAT = "repeat";

  /**
   * One record on an input topic: the topic, the key, the value bytes (null: a tombstone), or an
   * envelope that {@link #logs()} encodes with an eventId of its own (or a {@link #REPEAT} marker).
   */
  record In(String topic, String key, byte[] value, SpecificRecord envelope) {
    In(String topic, String key, byte[] value) {
      this(topic, key, value, null);
    }

    @Override
    public String toString() {
      return topic.replace("netledger.", "") + " " + key + " " + (value == null ? "null" : value.length + "B");
    }
  }

  @Property(tries = 600)
  void nothingThrowsEveryInputIsAccountedForAndTheViewsAgree(@ForAll("logs") List<In> log) {
    MeshReplay mesh = new MeshReplay();
    Accounting a = new Accounting();
    Replay replay = new Replay(AllocatorConfig.DEFAULT, List.of(mesh, a));
    long offset = 0;
    for (In in : log) {
      long o = offset++;
      RecordHeaders h = new RecordHeaders();
      h.add("netledger.input.topic", in.topic().getBytes(StandardCharsets.UTF_8));
      h.add("netledger.input.partition", "0".getBytes(StandardCharsets.UTF_8));
      h.add("netledger.input.offset", Long.toString(o).getBytes(StandardCharsets.UTF_8));
      DecisionInput di = DecisionInput.of(in.key(), in.value(), h, T0.plusSeconds(o).toEpochMilli(), SERDES);
      replay.accept(new Step(o, T0.plusSeconds(o), in.key(), in.value(), di));
    }
    // Every input: one accepted fact or at least one rejection, each naming its own coordinates.
    assertEquals(log.size(), a.accounted, "inputs with no output naming them: " + a.missing);
    assertEquals(List.of(), a.repeatsNotRefused, "repeated eventIds not refused DUPLICATE_EVENT naming the first");
    net.jqwik.api.statistics.Statistics.label("repeated eventIds").collect(a.repeats == 0 ? "0" : "1+");
    List<Difference> d = CrossCheck.check(replay.views().view(Topics.ALLOCATIONS), replay.views().view(Topics.DNS_RECORDS),
        mesh.hostState());
    assertEquals(List.of(), d, () -> "views disagree after " + log);
    long live = replay.views().view(Topics.ALLOCATIONS).values().stream()
        .filter(v -> ((io.netledger.avro.Allocation) v).getState() == io.netledger.avro.AllocationState.ALLOCATED).count();
    net.jqwik.api.statistics.Statistics.label("live allocations at the end").collect(live == 0 ? "0" : live < 4 ? "1-3" : "4+");
    // The views check is only as good as what is live: most logs must end with allocations (78% did).
    net.jqwik.api.statistics.Statistics.label("live allocations at the end")
        .coverage(c -> c.check("0").percentage(p -> p < 40.0));
    // No DNS name outside RFC 1123 and 253 characters was ever written.
    for (String key : replay.views().view(Topics.DNS_RECORDS).keySet()) {
      String fqdn = key.substring(key.indexOf('/') + 1);
      assertTrue(fqdn.length() <= 253 && fqdn.matches("[a-z0-9.-]+"), fqdn);
    }
  }

  /**
   * Counts the inputs named, by their own coordinates, in an accepted fact or a rejection; and
   * checks that every decoded input whose eventId an earlier decoded input carried is refused
   * DUPLICATE_EVENT naming that first input, with no accepted fact.
   */
  static final class Accounting implements Replay.Listener {
    int accounted;
    int repeats;
    final List<Long> missing = new ArrayList<>();
    final List<Long> repeatsNotRefused = new ArrayList<>();
    final Map<String, Long> firstOffset = new java.util.HashMap<>();

    @Override
    public void decided(Step step, List<OutputRecord> outputs) {
      boolean named = false;
      boolean accepted = false;
      Rejection own = null;
      for (OutputRecord o : outputs) {
        InputCoordinates c = o.value() instanceof AcceptedFact f ? f.getInput()
            : o.value() instanceof Rejection r ? r.getInput() : null;
        boolean mine = c != null && c.getOffset() == step.offset();
        named |= mine;
        accepted |= mine && o.value() instanceof AcceptedFact;
        if (mine && o.value() instanceof Rejection r && own == null) {
          own = r;
        }
      }
      if (step.input().event() != null) {
        String id = step.input().event().cause().getEventId();
        Long first = firstOffset.putIfAbsent(id, step.offset());
        if (first != null) {
          repeats++;
          if (accepted || own == null || own.getReason() != io.netledger.avro.RejectionReason.DUPLICATE_EVENT
              || !own.getMessage().contains("offset " + first + ";")) {
            repeatsNotRefused.add(step.offset());
          }
        }
      }
      if (named) {
        accounted++;
      } else {
        missing.add(step.offset());
      }
    }
  }

  @Provide
  Arbitrary<List<In>> logs() {
    // Mostly after a prelude that lets starts succeed, so the views have something to agree on.
    List<In> prelude = List.of(
        in(Topics.NETWORKS.name(), "n1", new NetworkEvent("p1", T0, "t", NetworkCreated.newBuilder().setNetworkId("n1")
            .setName("x").setCidr("10.42.0.0/16").setBlockPrefixLength(26).setVni(1).setMtu(1450)
            .setDnsDomain("rancher.internal").setEncryption(Encryption.NONE).build())),
        in(Topics.HOSTS.name(), "H1", new HostEvent("p2", T0, "t", HostRegistered.newBuilder().setHostId("H1")
            .setHostname("h1").setUnderlayIp("198.51.100.1").setIkeIdentity("CN=h1").build())),
        in(Topics.HOSTS.name(), "H2", new HostEvent("p3", T0, "t", HostRegistered.newBuilder().setHostId("H2")
            .setHostname("h2").setUnderlayIp("198.51.100.2").setIkeIdentity("CN=h2").build())));
    return Combinators.combine(Arbitraries.of(true, true, true, true, true, true, true, true, true, false),
            record().list().ofMinSize(8).ofMaxSize(50).withSizeDistribution(net.jqwik.api.RandomDistribution.uniform()))
        .as((withPrelude, rest) -> {
          List<In> all = new ArrayList<>(withPrelude ? prelude : List.of());
          all.addAll(rest);
          return assemble(all);
        });
  }

  /**
   * Gives every envelope an eventId of its own (its place in the log) and turns each
   * {@link #REPEAT} marker into a byte-for-byte copy of an earlier event, as a producer's retry
   * writes it (dropped when there is none yet).
   */
  private static List<In> assemble(List<In> generated) {
    List<In> out = new ArrayList<>();
    List<In> events = new ArrayList<>();
    for (In in : generated) {
      if (in.topic().equals(REPEAT)) {
        if (!events.isEmpty()) {
          out.add(events.get(Integer.parseInt(in.key()) % events.size()));
        }
      } else if (in.envelope() != null) {
        SpecificRecord e = org.apache.avro.specific.SpecificData.get().deepCopy(in.envelope().getSchema(), in.envelope());
        ((org.apache.avro.generic.GenericRecord) e).put("eventId", "ev-" + out.size());
        In encoded = new In(in.topic(), in.key(), AvroBinary.encode(e));
        events.add(encoded);
        out.add(encoded);
      } else {
        out.add(in);
      }
    }
    return out;
  }

  private Arbitrary<In> record() {
    return Arbitraries.frequencyOf(
        Tuple.of(12, wellFormed(false)),
        Tuple.of(2, wellFormed(true)),
        Tuple.of(1, Arbitraries.integers().between(0, 1000).map(k -> new In(REPEAT, Integer.toString(k), null))),
        Tuple.of(1, garbage()));
  }

  private Arbitrary<String> s(boolean hostile, String... good) {
    Arbitrary<String> ok = Arbitraries.of(good);
    return hostile ? Arbitraries.oneOf(ok, Arbitraries.of(HOSTILE)) : ok;
  }

  private Arbitrary<In> garbage() {
    Arbitrary<String> topic = Arbitraries.of(Topics.NETWORKS.name(), Topics.HOSTS.name(), Topics.CONTAINERS.name(),
        "netledger.unknown.v1");
    Arbitrary<byte[]> bytes = Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
        Arbitraries.just((byte[]) null),
        // a valid record cut short
        Arbitraries.integers().between(1, 40).map(n -> {
          byte[] b = AvroBinary.encode(new ContainerEvent("e", T0, "t", start("c1", "web", "H1", "n1", "nlc-web")));
          return Arrays.copyOf(b, Math.min(n, b.length - 1));
        }));
    return Combinators.combine(topic, s(false, "n1", "H1", "c1"), bytes).as(In::new);
  }

  private Arbitrary<In> wellFormed(boolean hostile) {
    // Mostly the prelude's network and hosts, so most logs end with live allocations to check;
    // n2 and H3 (not in the prelude) still give unknown networks and hosts.
    Arbitrary<String> net = hostile ? s(true, "n1", "n2") : Arbitraries.frequency(Tuple.of(4, "n1"), Tuple.of(1, "n2"));
    Arbitrary<String> host = hostile ? s(true, "H1", "H2", "H3")
        : Arbitraries.frequency(Tuple.of(3, "H1"), Tuple.of(3, "H2"), Tuple.of(1, "H3"));
    Arbitrary<String> cid = s(hostile, "c1", "c2", "c3", "c4", "c5");
    Arbitrary<String> name = s(hostile, "web", "db", "cache");
    Arbitrary<In> networks = net.flatMap(n -> Arbitraries.frequencyOf(Tuple.of(2,
        s(hostile, "10.42.0.0/16", "10.43.0.0/24").map(cidr -> in(Topics.NETWORKS.name(), n,
            new NetworkEvent("e", T0, "t", NetworkCreated.newBuilder().setNetworkId(n).setName("x")
                .setCidr(cidr).setBlockPrefixLength(26).setVni(n.equals("n1") ? 1 : 2).setMtu(1450)
                .setDnsDomain(n.equals("n2") && hostile ? "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + ".x" : "rancher.internal")
                .setEncryption(Encryption.NONE).build())))),
        Tuple.of(1, Arbitraries.just(in(Topics.NETWORKS.name(), n, new NetworkEvent("e", T0, "t", new NetworkDeleted(n)))))));
    // Removing a host ends all its containers: rarer than registering one, so most logs end live.
    Arbitrary<In> hosts = host.flatMap(h -> Arbitraries.frequencyOf(
        Tuple.of(3, s(hostile, "198.51.100.1", "198.51.100.2").flatMap(ip -> s(hostile, "CN=" + "h", "CN=h2, O=x").map(ike ->
            in(Topics.HOSTS.name(), h, new HostEvent("e", T0, "t", HostRegistered.newBuilder().setHostId(h)
                .setHostname("h").setUnderlayIp(ip).setIkeIdentity(ike).build()))))),
        Tuple.of(1, Arbitraries.just(in(Topics.HOSTS.name(), h, new HostEvent("e", T0, "t", new HostRemoved(h)))))));
    Arbitrary<In> containers = net.flatMap(n -> host.flatMap(h -> cid.flatMap(c -> name.flatMap(nm ->
        s(hostile, "nlc-" + "x", "/run/netns/x", "/proc/42/ns/net").flatMap(ns -> Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just(in(Topics.CONTAINERS.name(), c, new ContainerEvent("e-" + c, T0, "t", start(c, nm, h, n, ns))))),
            Tuple.of(1, Arbitraries.just(in(Topics.CONTAINERS.name(), c, new ContainerEvent("e", T0, "t", new ContainerStopped(c))))),
            Tuple.of(1, Arbitraries.just(in(Topics.CONTAINERS.name(), c, new ContainerEvent("e", T0, "t", new ContainerRemoved(c)))))))))));
    return Arbitraries.frequencyOf(Tuple.of(1, networks), Tuple.of(1, hosts),
        Tuple.of(14, containers));
  }

  private static ContainerStarted start(String id, String name, String host, String net, String netns) {
    return ContainerStarted.newBuilder().setContainerId(id).setName(name).setService(name).setStack("s")
        .setHostId(host).setNetworkId(net).setNetns(netns).setAliases(List.of("alias-" + name.length()))
        .setLabels(Map.of("k", name)).build();
  }

  private static In in(String topic, String key, SpecificRecord envelope) {
    return new In(topic, key, null, envelope);
  }
}
