package io.netledger.it.mesh;

import io.netledger.allocator.ipam.AcceptedFacts;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.AllocatorDelta;
import io.netledger.allocator.ipam.AllocatorImage;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.it.allocator.CommittedLog;
import io.netledger.it.support.SharedCluster;
import io.netledger.mesh.app.MeshApp;
import io.netledger.mesh.app.MeshAppConfig;
import io.netledger.support.streams.StreamsAppSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Issue 17 goals 2 and 3 for the mesh, through a real broker (its own DevCluster): H hosts × C
 * containers spread over N networks (container i of host h in network (h + i) mod N, so every host
 * takes part in every network when C ≥ N: the worst case for peer fan-out). The allocator's
 * decisions come from the pure allocator (AllocatorDelta, the same code the allocator app runs),
 * so the figures are the mesh's. Two phases on one running mesh: the first 10 hosts, then the
 * other H − 10; after each, the bench checks convergence (every host's NetworkOnHost and
 * LocalEndpoint slices and every participant's peers are there) and measures single starts at
 * light load: ContainerStarted decided by the pure allocator, its Allocation published, to its
 * LocalEndpoint readable (read_committed) by a consumer of the host partitions (the simulated
 * far hosts; no real agents run here).
 *
 * <p>Run (one command; figures are printed last):
 * <pre>
 * mvn -B -q -pl it -am -DskipTests test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx3g -cp "it/target/test-classes:$(cat it/target/cp.txt)" io.netledger.it.mesh.ScaleBench \
 *     --hosts 5000 --containers-per-host 30 [--networks 10] [--peers per-network|per-host] [--samples 200]
 * </pre>
 */
public final class ScaleBench {
  private ScaleBench() {}

  static final int SMALL = 10;
  /** Starts before the timed ones, not counted: the first transactions of a phase are slow. */
  static final int WARMUP = 20;

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int hosts = Integer.parseInt(a.getOrDefault("hosts", "1000"));
    int perHost = Integer.parseInt(a.getOrDefault("containers-per-host", "30"));
    int networks = Integer.parseInt(a.getOrDefault("networks", "10"));
    String peers = a.getOrDefault("peers", "per-network");
    int samples = Integer.parseInt(a.getOrDefault("samples", "200"));
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    List<String> figures = new ArrayList<>();
    figures.add(String.format("scale bench: %d hosts x %d containers over %d networks, peers=%s, %d cores, load %.1f at start",
        hosts, perHost, networks, peers, Runtime.getRuntime().availableProcessors(), load()));
    try (DevCluster c = DevCluster.start(DevCluster.Options.in(SharedCluster.dataDir("scale-bench-")))) {
      String b = c.bootstrapServers();
      SchemaRegistry registry = RegistryConfig.connect(c.registryUrl());
      Gen gen = new Gen(registry, networks, perHost);
      List<ProducerRecord<String, byte[]>> first = gen.networks();
      first.addAll(gen.hosts(0, Math.min(SMALL, hosts)));
      long firstStarts = gen.starts;
      Properties mp = new Properties();
      mp.setProperty(StreamsAppSettings.BOOTSTRAP, b);
      mp.setProperty(StreamsAppSettings.REGISTRY, c.registryUrl());
      mp.setProperty(StreamsAppSettings.APPLICATION_ID, "scale-mesh");
      mp.setProperty(StreamsAppSettings.STATE_DIR, c.dataDir().resolve("mesh-state").toString());
      mp.setProperty(StreamsAppSettings.HTTP_PORT, "0");
      mp.setProperty(MeshAppConfig.PEERS, peers);
      try (MeshApp mesh = MeshApp.start(MeshAppConfig.from(mp))) {
        mesh.awaitRunning(Duration.ofSeconds(180));
        Phase small = phase(b, gen, first, firstStarts, Math.min(SMALL, hosts), peers, samples);
        figures.add(small.describe());
        if (hosts > SMALL) {
          List<ProducerRecord<String, byte[]>> rest = gen.hosts(SMALL, hosts);
          Phase big = phase(b, gen, rest, gen.starts - firstStarts - samples - WARMUP, hosts, peers, samples);
          figures.add(big.describe());
          figures.add(String.format("p99 start->endpoint readable ratio %d/%d hosts: %.2f", hosts, SMALL,
              big.p99Ms / small.p99Ms));
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        figures.add(String.format("bench JVM (mesh + bench's own generator): heap used after GC %d MB, RSS %s",
            (rt.totalMemory() - rt.freeMemory()) >> 20, rss()));
        figures.add(String.format("largest record: host-state %d bytes, network-peers %d bytes",
            maxBytes(b, Topics.HOST_STATE.name()), maxBytes(b, Topics.NETWORK_PEERS.name())));
      }
    }
    System.out.println();
    figures.forEach(System.out::println);
    System.exit(0);
  }

  record Phase(int hosts, long starts, long inputs, long records, double seconds, boolean converged, String check,
      long marginalRecords, int samples, double p50Ms, double p99Ms) {
    String describe() {
      return String.format("at %d hosts: %d starts (%d mesh inputs) converged in %.1f s (%.0f inputs/s), %s;"
              + " records per start %.2f (host-state + network-peers, joins and blocks included);"
              + " %d single starts afterwards (first 20 untimed) wrote %.2f records each; start->LocalEndpoint readable p50 %.1f ms p99 %.1f ms",
          hosts, starts, inputs, seconds, inputs / seconds, converged ? "converged" : "NOT converged: " + check,
          (double) records / starts, samples, (double) marginalRecords / samples, p50Ms, p99Ms);
    }
  }

  /** Publishes {@code in}, waits until the mesh committed it, checks every host and measures single starts. */
  static Phase phase(String b, Gen gen, List<ProducerRecord<String, byte[]>> in, long starts, int hosts, String peers,
      int samples) throws Exception {
    long recordsBefore = count(b, Topics.HOST_STATE.name()) + count(b, Topics.NETWORK_PEERS.name());
    long inputs = in.size();
    long t0 = System.nanoTime();
    try (KafkaProducer<String, byte[]> p = MeshBench.producer(b)) {
      in.forEach(p::send);
      p.flush();
    }
    in.clear();
    CommittedLog.awaitCaughtUp(b, "scale-mesh", Duration.ofMinutes(60));
    double secs = (System.nanoTime() - t0) / 1e9;
    long records = count(b, Topics.HOST_STATE.name()) + count(b, Topics.NETWORK_PEERS.name()) - recordsBefore;
    String check = converged(b, gen, hosts, peers);
    long[] lat = latency(b, gen, samples, hosts);
    long after = count(b, Topics.HOST_STATE.name()) + count(b, Topics.NETWORK_PEERS.name());
    Arrays.sort(lat);
    return new Phase(hosts, starts, inputs, records, secs, check.isEmpty(), check,
        after - recordsBefore - records, lat.length + WARMUP, lat[lat.length / 2] / 1e6,
        lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6);
  }

  /** Empty when every host 0..hosts-1 holds all it should (the compacted view); else what is missing. */
  static String converged(String b, Gen gen, int hosts, String peers) {
    Map<String, Set<String>> keys = new HashMap<>();
    view(b, Topics.HOST_STATE.name()).forEach(k -> keys.computeIfAbsent(k.substring(0, k.indexOf('/')), x -> new HashSet<>()).add(k));
    Set<String> adverts = view(b, Topics.NETWORK_PEERS.name());
    List<String> wrong = new ArrayList<>();
    int participants = hosts; // every host is in every network when C >= N
    for (int h = 0; h < hosts && wrong.size() < 5; h++) {
      Set<String> k = keys.getOrDefault("H" + h, Set.of());
      long nets = k.stream().filter(x -> x.contains("/network/")).count();
      long eps = k.stream().filter(x -> x.contains("/endpoint/")).count();
      long ps = k.stream().filter(x -> x.contains("/peer/")).count();
      long wantNets = Math.min(gen.networks, gen.perHost);
      long wantPeers = peers.equals("per-host") ? wantNets * (participants - 1) : 0;
      if (nets != wantNets || eps < gen.perHost || ps != wantPeers) {
        wrong.add("H" + h + ": " + nets + " networks, " + eps + " endpoints, " + ps + " peers");
      }
    }
    long wantAdverts = peers.equals("per-network") ? (long) Math.min(gen.networks, gen.perHost) * participants : 0;
    if (adverts.size() != wantAdverts) {
      wrong.add(adverts.size() + " adverts, expected " + wantAdverts);
    }
    return String.join("; ", wrong);
  }

  /** The live keys of a compacted topic, read from the beginning. */
  static Set<String> view(String b, String topic) {
    Set<String> live = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : CommittedLog.readAll(b, topic)) {
      if (r.value() == null) {
        live.remove(r.key());
      } else {
        live.add(r.key());
      }
    }
    return live;
  }

  static long count(String b, String topic) {
    return MeshBench.count(b, topic);
  }

  static long maxBytes(String b, String topic) {
    long max = 0;
    for (ConsumerRecord<String, byte[]> r : CommittedLog.readAll(b, topic)) {
      max = Math.max(max, r.serializedValueSize());
    }
    return max;
  }

  /**
   * Single starts at 20/s on hosts spread over the cluster, each decided by the pure allocator on
   * the image of everything so far (so it lands in its host's block, as a real start does).
   */
  static long[] latency(String b, Gen gen, int samples, int hosts) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong assigned = new AtomicLong();
    Thread reader = new Thread(() -> {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b);
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      try (KafkaConsumer<String, byte[]> cons = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
        String topic = Topics.HOST_STATE.name();
        List<TopicPartition> parts = cons.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        cons.assign(parts);
        cons.seekToEnd(parts);
        parts.forEach(cons::position);
        assigned.set(1);
        while (!stop.get()) {
          for (var r : cons.poll(Duration.ofMillis(5))) {
            if (r.key().contains("/endpoint/")) {
              seenAt.putIfAbsent(r.key().substring(r.key().lastIndexOf('/') + 1), System.nanoTime());
            }
          }
        }
      }
    });
    reader.start();
    while (assigned.get() == 0) {
      Thread.sleep(50);
    }
    Thread.sleep(1_000);
    try (KafkaProducer<String, byte[]> p = MeshBench.producer(b)) {
      for (int i = -WARMUP; i < samples; i++) {
        int h = (int) (((i + WARMUP) * 7919L) % hosts);
        String id = "lat-" + hosts + "-" + i;
        List<ProducerRecord<String, byte[]>> out = gen.start(id, h, Math.floorMod(h + i, gen.networks));
        if (i >= 0) {
          sentAt.put(id, System.nanoTime());
        }
        out.forEach(p::send);
        p.flush();
        Thread.sleep(50);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!seenAt.keySet().containsAll(sentAt.keySet()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    stop.set(true);
    reader.join();
    CommittedLog.awaitCaughtUp(b, "scale-mesh", Duration.ofMinutes(5));
    long[] lat = sentAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
        .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue()).toArray();
    if (lat.length < sentAt.size()) {
      System.out.printf("latency: %d of %d starts never reached their endpoint slice%n", sentAt.size() - lat.length, sentAt.size());
    }
    return lat.length == 0 ? new long[] {Long.MAX_VALUE} : lat;
  }

  /** The cluster's inputs, decided by the pure allocator on a running image; records for the mesh's topics. */
  static final class Gen {
    final SchemaRegistry registry;
    final int networks;
    final int perHost;
    final Map<String, Long> offsets = new HashMap<>();
    AllocatorImage image = AllocatorImage.EMPTY;
    long starts;

    Gen(SchemaRegistry registry, int networks, int perHost) {
      this.registry = registry;
      this.networks = networks;
      this.perHost = perHost;
    }

    List<ProducerRecord<String, byte[]>> networks() {
      AllocatorDelta d = image.delta(AllocatorConfig.DEFAULT);
      List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
      for (int n = 0; n < networks; n++) {
        // A /12 each: room for 16,384 /26 blocks, one per host and network at 5,000 hosts.
        NetworkCreated nc = new NetworkCreated("n" + n, "n" + n, "10." + (16 * n) + ".0.0/12", 26, 100 + n, 1450,
            "bench.internal", Encryption.NONE, 60, List.of(), true);
        emit(out, d, Topics.NETWORKS, nc.getNetworkId(), new NetworkEvent("net-" + n, Instant.now(), "bench", nc));
      }
      return finish(d, out);
    }

    /** Registrations and all containers of hosts [from, to). */
    List<ProducerRecord<String, byte[]>> hosts(int from, int to) {
      AllocatorDelta d = image.delta(AllocatorConfig.DEFAULT);
      List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
      for (int h = from; h < to; h++) {
        emit(out, d, Topics.HOSTS, "H" + h, new HostEvent("host-" + h, Instant.now(), "bench",
            HostRegistered.newBuilder().setHostId("H" + h).setHostname("H" + h)
                .setUnderlayIp("198.18." + (h / 250) + "." + (h % 250 + 1)).build()));
      }
      for (int i = 0; i < perHost; i++) {
        for (int h = from; h < to; h++) {
          startIn(d, out, "c" + h + "-" + i, h, (h + i) % networks);
        }
      }
      return finish(d, out);
    }

    List<ProducerRecord<String, byte[]>> start(String id, int host, int network) {
      AllocatorDelta d = image.delta(AllocatorConfig.DEFAULT);
      List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
      startIn(d, out, id, host, network);
      return finish(d, out);
    }

    private void startIn(AllocatorDelta d, List<ProducerRecord<String, byte[]>> out, String id, int h, int n) {
      starts++;
      emit(out, d, Topics.CONTAINERS, id, new ContainerEvent("start-" + id, Instant.now(), "bench",
          new ContainerStarted(id, id, "svc", "stack", "H" + h, "n" + n, "/run/netns/" + id,
              null, List.of(), Map.of(), List.of())));
    }

    private void emit(List<ProducerRecord<String, byte[]>> out, AllocatorDelta d, Topic<?> t, String key,
        SpecificRecord envelope) {
      long off = offsets.merge(t.name(), 1L, Long::sum) - 1;
      InputEvent e = InputEvent.of(t.name(), 0, off, key, envelope);
      var decision = d.replay(e);
      // The mesh reads networks and hosts as the allocator's accepted facts, not from their topics.
      AcceptedFacts.of(e, decision).filter(o -> !t.equals(Topics.CONTAINERS))
          .ifPresent(o -> out.add(new ProducerRecord<>(o.topic(), o.key(), ser(o.topic(), o.value()))));
    }

    /** The record's bytes; a loaded machine's registry may time out registering a schema the first time. */
    private byte[] ser(String topic, SpecificRecord v) {
      for (int attempt = 1; ; attempt++) {
        try {
          return MeshBench.serialize(registry, topic, v);
        } catch (org.apache.kafka.common.errors.SerializationException e) {
          if (attempt == 5) {
            throw e;
          }
          System.out.println("registry: " + e.getMessage() + "; retrying");
        }
      }
    }

    private List<ProducerRecord<String, byte[]>> finish(AllocatorDelta d, List<ProducerRecord<String, byte[]>> out) {
      image = d.apply();
      for (OutputRecord o : d.changes()) {
        if (o.topic().equals(Topics.IPAM_BLOCKS.name()) || o.topic().equals(Topics.ALLOCATIONS.name())) {
          out.add(new ProducerRecord<>(o.topic(), o.key(),
              o.value() == null ? null : ser(o.topic(), o.value())));
        }
      }
      return out;
    }
  }

  static double load() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return -1;
    }
  }

  static String rss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
          .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }
}
