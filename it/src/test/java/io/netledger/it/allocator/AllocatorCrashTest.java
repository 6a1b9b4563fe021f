package io.netledger.it.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.AllocatorDelta;
import io.netledger.allocator.ipam.AllocatorImage;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.allocator.stream.DecisionInput;
import io.netledger.events.serde.TopicSerdes;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.ChildProcess;
import io.netledger.devcluster.DevCluster;
import io.netledger.devcluster.world.NetledgerProcess;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The allocator as its own process on the real broker, SIGKILLed three times while 20,000
 * container events across 3 networks and 50 hosts arrive. Afterwards, read with read_committed:
 * every published event is in the decision order exactly once, no two live containers share an
 * address, and the views equal a fresh replay of the decision order through the pure classes.
 */
@ExtendWith(SharedCluster.class)
class AllocatorCrashTest {
  static final int EVENTS = 20_000;
  static final int HOSTS = 50;
  static final int NETWORKS = 3;
  static final int KILLS = 3;

  final String run = "crash" + Long.toString(System.nanoTime(), 36);
  final String appId = "it-allocator-" + run;
  Path dir;
  ChildProcess allocator;

  @AfterEach
  void stop() {
    if (allocator != null) {
      allocator.stop(20);
    }
  }

  ChildProcess start(DevCluster c) throws Exception {
    Path config = dir.resolve("allocator.properties");
    // A dead member must leave the group quickly, or each restart waits out the default 45 s session.
    Files.writeString(config, "streams.session.timeout.ms=6000\nstreams.heartbeat.interval.ms=1000\n"
        + "application.id=" + appId + "\n");
    return NetledgerProcess.start("allocator", null, dir, List.of("allocator", "--config", config.toString(),
        "--bootstrap", c.bootstrapServers(), "--registry", c.registryUrl(), "--data-dir", dir.toString(),
        "--state-dir", dir.resolve("state").toString(), "--http-port", "0"));
  }

  @Test
  void survivesSigkillsWithExactViews() throws Exception {
    DevCluster c = SharedCluster.cluster();
    dir = SharedCluster.dataDir("allocator-crash-");
    allocator = start(c);
    Set<String> published = new HashSet<>();
    try (EventPublisher pub = EventPublisher.create(PublisherConfig.of(c.bootstrapServers(), c.registryUrl(), "it-crash"))) {
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int n = 0; n < NETWORKS; n++) {
        sent.add(pub.publishAsync(new NetworkCreated(net(n), net(n), "10." + (100 + n) + ".0.0/16", 26, 5000 + n, 1450,
            run + ".internal", Encryption.NONE, 60, List.of(), true), run + "-net-" + n));
        published.add(run + "-net-" + n);
      }
      for (int h = 0; h < HOSTS; h++) {
        sent.add(pub.publishAsync(HostRegistered.newBuilder().setHostId(host(h)).setHostname(host(h))
            .setUnderlayIp("198.18.0." + (h + 1)).build(), run + "-host-" + h));
        published.add(run + "-host-" + h);
      }
      // Networks and hosts first, so the containers find them (the topics are not ordered among each other).
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      List<Map.Entry<String, SpecificRecord>> script = containerScript(new Random(42));
      int chunk = EVENTS / (KILLS + 1);
      for (int i = 0; i < script.size(); i++) {
        sent.add(pub.publishAsync(script.get(i).getValue(), script.get(i).getKey()));
        published.add(script.get(i).getKey());
        if ((i + 1) % chunk == 0 && (i + 1) / chunk <= KILLS) {
          CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
          // Let it get into the backlog, then kill it mid-transaction and start a new one.
          Thread.sleep(4_000 + 1_000L * ((i + 1) / chunk));
          allocator.handle().destroyForcibly();
          allocator.handle().onExit().get(30, TimeUnit.SECONDS);
          allocator = start(c);
        }
      }
      String marker = run + "-marker";
      sent.add(pub.publishAsync(new ContainerStarted(marker, "marker", null, null, host(0), net(0), "/run/netns/m",
          null, List.of(), Map.of(), List.of()), marker));
      published.add(marker);
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      awaitAllocation(c.bootstrapServers(), marker);
      // The marker may overtake inputs on other partitions: wait for the whole decision order.
      CommittedLog.awaitCaughtUp(c.bootstrapServers(), appId, java.time.Duration.ofSeconds(120));
    }

    TopicSerdes serdes = new io.netledger.events.serde.RegistrySerdes(RegistryConfig.connect(c.registryUrl()), true);
    // The decision order, as committed, replayed through the pure allocator.
    AllocatorDelta replay = AllocatorImage.EMPTY.delta(new AllocatorConfig(64));
    Map<String, Integer> seen = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : CommittedLog.readAll(c.bootstrapServers(),
        appId + "-" + AllocatorTopology.DECISION_ORDER + "-repartition")) {
      DecisionInput in = DecisionInput.of(r.key(), r.value(), r.headers(), r.timestamp(), serdes);
      if (in.event() != null) {
        InputEvent e = in.event();
        replay.replay(e);
        String id = e.cause().getEventId();
        if (id != null && id.startsWith(run)) {
          seen.merge(id, 1, Integer::sum);
        }
      }
    }
    assertEquals(published, seen.keySet(), "every published event is in the decision order");
    assertTrue(seen.values().stream().allMatch(n -> n == 1), "no event decided twice");
    replay.apply();

    for (Topic<?> t : List.of(Topics.ALLOCATIONS, Topics.IPAM_BLOCKS, Topics.DNS_RECORDS)) {
      Map<String, SpecificRecord> expected = new TreeMap<>();
      for (OutputRecord o : replay.changes()) {
        if (o.topic().equals(t.name()) && o.key().contains(run)) {
          latest(expected, o.key(), o.value());
        }
      }
      Map<String, SpecificRecord> actual = view(c.bootstrapServers(), t, serdes);
      assertEquals("", diff(expected, actual), t.name() + " equals the replay of the decision order");
      if (t == Topics.ALLOCATIONS) {
        Map<String, String> holders = new HashMap<>();
        for (Map.Entry<String, SpecificRecord> e : actual.entrySet()) {
          Allocation a = (Allocation) e.getValue();
          if (a.getState() == AllocationState.ALLOCATED) {
            String prev = holders.put(a.getNetworkId() + " " + a.getIp(), e.getKey());
            assertEquals(null, prev, a.getIp() + " held by " + prev + " and " + e.getKey());
          }
        }
        assertTrue(holders.size() > 1000, "live addresses: " + holders.size());
      }
    }
  }

  /** Empty when equal, else counts and a few examples (the maps hold thousands of records). */
  static String diff(Map<String, SpecificRecord> expected, Map<String, SpecificRecord> actual) {
    List<String> missing = expected.keySet().stream().filter(k -> !actual.containsKey(k)).toList();
    List<String> extra = actual.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
    List<String> changed = expected.keySet().stream()
        .filter(k -> actual.containsKey(k) && !expected.get(k).equals(actual.get(k))).toList();
    if (missing.isEmpty() && extra.isEmpty() && changed.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("expected " + expected.size() + ", actual " + actual.size() + "; missing "
        + missing.size() + " " + missing.stream().limit(3).toList() + "; extra " + extra.size() + " "
        + extra.stream().limit(3).toList() + "; different " + changed.size());
    changed.stream().limit(2).forEach(k -> b.append("\n  ").append(k).append(" expected ").append(expected.get(k))
        .append("\n  ").append(k).append(" actual   ").append(actual.get(k)));
    return b.toString();
  }

  private static void latest(Map<String, SpecificRecord> m, String key, SpecificRecord v) {
    if (v == null) {
      m.remove(key);
    } else {
      m.put(key, v);
    }
  }

  private <V extends SpecificRecord> Map<String, SpecificRecord> view(String bootstrap, Topic<V> t, TopicSerdes serdes) {
    Serde<V> serde = serdes.valueSerde(t);
    Map<String, SpecificRecord> out = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : CommittedLog.readAll(bootstrap, t.name())) {
      if (r.key() != null && r.key().contains(run)) {
        latest(out, r.key(), r.value() == null ? null : serde.deserializer().deserialize(t.name(), r.value()));
      }
    }
    return out;
  }

  private void awaitAllocation(String bootstrap, String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline) {
      allocator.checkAlive();
      if (CommittedLog.readAll(bootstrap, Topics.ALLOCATIONS.name()).stream().anyMatch(r -> key.equals(r.key()))) {
        return;
      }
      Thread.sleep(2_000);
    }
    throw new AssertionError("no allocation for " + key + " within 150 s; allocator log:\n" + allocator.tail(40));
  }

  /** 20,000 container events: starts, stops, removes, some duplicate starts and some unknown stops. */
  private List<Map.Entry<String, SpecificRecord>> containerScript(Random rnd) {
    List<Map.Entry<String, SpecificRecord>> s = new ArrayList<>();
    List<String> live = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    Map<String, ContainerStarted> starts = new HashMap<>();
    int next = 0;
    while (s.size() < EVENTS) {
      String eventId = run + "-e" + s.size();
      double r = rnd.nextDouble();
      if (live.size() < 100 || r < 0.50) {
        String id = run + "-c" + next++;
        ContainerStarted st = new ContainerStarted(id, "web-" + id.substring(run.length() + 2), "svc" + rnd.nextInt(20),
            "stack" + rnd.nextInt(3), host(rnd.nextInt(HOSTS)), net(rnd.nextInt(NETWORKS)), "/run/netns/" + id, null,
            List.of(), Map.of(), List.of());
        starts.put(id, st);
        live.add(id);
        s.add(Map.entry(eventId, st));
      } else if (r < 0.52) {
        s.add(Map.entry(eventId, starts.get(live.get(rnd.nextInt(live.size()))))); // duplicate start
      } else if (r < 0.53) {
        s.add(Map.entry(eventId, new ContainerStopped(run + "-ghost" + s.size()))); // unknown: a rejection
      } else if (r < 0.80) {
        String id = live.remove(rnd.nextInt(live.size()));
        stopped.add(id);
        s.add(Map.entry(eventId, new ContainerStopped(id)));
      } else if (!stopped.isEmpty()) {
        s.add(Map.entry(eventId, new ContainerRemoved(stopped.remove(rnd.nextInt(stopped.size())))));
      }
    }
    return s;
  }

  private String net(int n) {
    return run + "-net" + n;
  }

  private String host(int h) {
    return run + "-h" + h;
  }
}
