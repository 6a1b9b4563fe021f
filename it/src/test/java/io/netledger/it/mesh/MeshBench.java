package io.netledger.it.mesh;

import io.netledger.support.streams.StreamsAppSettings;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Mesh throughput, write amplification and latency through a real broker (its own DevCluster):
 * 1,000 hosts in 10 networks of 100, 3 containers each. The mesh's inputs (networks, hosts, and
 * the allocator's ipam-blocks and allocations, computed by the pure allocator) are pre-published;
 * the mesh starts cold and the bench prints input events/s until every input is consumed and
 * committed, host-state records written per input event, then the latency at light load from
 * an Allocation published to its host's LocalEndpoint slice readable (read_committed).
 * Run: {@code java -cp <it test classpath> io.netledger.it.mesh.MeshBench [hosts] [samples]}
 */
public final class MeshBench {
  private MeshBench() {}

  static final int PER_NETWORK = 100;
  static final int CONTAINERS_PER_HOST = 3;

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    try (DevCluster c = DevCluster.start(DevCluster.Options.in(SharedCluster.dataDir("mesh-bench-")))) {
      String b = c.bootstrapServers();
      SchemaRegistry registry = RegistryConfig.connect(c.registryUrl());
      Map<String, Long> offsets = new HashMap<>();
      AllocatorDelta alloc = AllocatorImage.EMPTY.delta(AllocatorConfig.DEFAULT);
      int networks = Math.max(1, hosts / PER_NETWORK);
      List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
      for (int n = 0; n < networks; n++) {
        NetworkCreated nc = new NetworkCreated("n" + n, "n" + n, "10." + (16 + n) + ".0.0/16", 26, 100 + n, 1450,
            "bench.internal", Encryption.NONE, 60, List.of(), true);
        emit(out, registry, alloc, offsets, Topics.NETWORKS, nc.getNetworkId(),
            new NetworkEvent("net-" + n, Instant.now(), "bench", nc));
      }
      for (int h = 0; h < hosts; h++) {
        emit(out, registry, alloc, offsets, Topics.HOSTS, "H" + h, new HostEvent("host-" + h, Instant.now(), "bench",
            HostRegistered.newBuilder().setHostId("H" + h).setHostname("H" + h)
                .setUnderlayIp("198.18." + (h / 250) + "." + (h % 250 + 1)).build()));
      }
      for (int i = 0; i < CONTAINERS_PER_HOST; i++) {
        for (int h = 0; h < hosts; h++) {
          String id = "c" + h + "-" + i;
          emit(out, registry, alloc, offsets, Topics.CONTAINERS, id, new ContainerEvent("start-" + id, Instant.now(),
              "bench", new ContainerStarted(id, id, "svc", "stack", "H" + h, "n" + (h % networks), "/run/netns/" + id,
                  null, List.of(), Map.of(), List.of())));
        }
      }
      // The mesh's inputs: accepted networks and hosts and what the allocator wrote on blocks and allocations.
      alloc.apply();
      for (OutputRecord o : alloc.changes()) {
        if (o.topic().equals(Topics.IPAM_BLOCKS.name()) || o.topic().equals(Topics.ALLOCATIONS.name())) {
          out.add(new ProducerRecord<>(o.topic(), o.key(), serialize(registry, o.topic(), o.value())));
        }
      }
      List<ProducerRecord<String, byte[]>> meshInputs = out.stream()
          .filter(r -> !Topics.inputs().stream().anyMatch(t -> t.name().equals(r.topic()))).toList();
      try (KafkaProducer<String, byte[]> p = producer(b)) {
        meshInputs.forEach(p::send);
        p.flush();
      }
      Path state = c.dataDir().resolve("mesh-state");
      Properties mp = new Properties();
      mp.setProperty(StreamsAppSettings.BOOTSTRAP, b);
      mp.setProperty(StreamsAppSettings.REGISTRY, c.registryUrl());
      mp.setProperty(StreamsAppSettings.APPLICATION_ID, "bench-mesh");
      mp.setProperty(StreamsAppSettings.STATE_DIR, state.toString());
      mp.setProperty(StreamsAppSettings.HTTP_PORT, "0");
      try (MeshApp mesh = MeshApp.start(MeshAppConfig.from(mp))) {
        mesh.awaitRunning(Duration.ofSeconds(120));
        long t0 = System.nanoTime();
        CommittedLog.awaitCaughtUp(b, "bench-mesh", Duration.ofMinutes(10));
        double secs = (System.nanoTime() - t0) / 1e9;
        long written = count(b, Topics.HOST_STATE.name());
        System.out.printf("mesh: %d hosts in %d networks, %d containers: %d input events in %.1f s = %.0f events/s%n",
            hosts, networks, hosts * CONTAINERS_PER_HOST, meshInputs.size(), secs, meshInputs.size() / secs);
        System.out.printf("host-state records written: %d = %.2f per input event%n", written,
            (double) written / meshInputs.size());
        long[] lat = latency(b, registry, samples, hosts);
        Arrays.sort(lat);
        System.out.printf("Allocation -> LocalEndpoint slice readable (read_committed), %d samples at 20/s: median %.1f ms, "
            + "p99 %.1f ms, max %.1f ms%n", lat.length, lat[lat.length / 2] / 1e6,
            lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6, lat[lat.length - 1] / 1e6);
      }
    }
    System.exit(0);
  }

  static void emit(List<ProducerRecord<String, byte[]>> out, SchemaRegistry registry, AllocatorDelta alloc,
      Map<String, Long> offsets, Topic<?> t, String key, SpecificRecord envelope) {
    long off = offsets.merge(t.name(), 1L, Long::sum) - 1;
    InputEvent e = InputEvent.of(t.name(), 0, off, key, envelope);
    var decision = alloc.replay(e);
    out.add(new ProducerRecord<>(t.name(), key, serialize(registry, t.name(), envelope)));
    // The mesh reads networks and hosts as the allocator's accepted facts, not from their topics.
    io.netledger.allocator.ipam.AcceptedFacts.of(e, decision).filter(o -> !t.equals(Topics.CONTAINERS))
        .ifPresent(o -> out.add(new ProducerRecord<>(o.topic(), o.key(), serialize(registry, o.topic(), o.value()))));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static byte[] serialize(SchemaRegistry registry, String topic, SpecificRecord v) {
    Topic t = Topics.all().stream().filter(x -> x.name().equals(topic)).findFirst().orElseThrow();
    return AvroSerde.forTopic(t, registry, true).serializer().serialize(topic, v);
  }

  static KafkaProducer<String, byte[]> producer(String b) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  static long count(String b, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    try (KafkaConsumer<String, byte[]> cons = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = cons.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      cons.assign(parts);
      cons.seekToBeginning(parts);
      Map<TopicPartition, Long> end = cons.endOffsets(parts);
      long n = 0;
      while (parts.stream().anyMatch(tp -> cons.position(tp) < end.get(tp))) {
        n += cons.poll(Duration.ofMillis(200)).count();
      }
      return n;
    }
  }

  static long[] latency(String b, SchemaRegistry registry, int samples, int hosts) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
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
        while (!stop.get()) {
          for (var r : cons.poll(Duration.ofMillis(5))) {
            int slash = r.key().lastIndexOf('/');
            String id = r.key().substring(slash + 1);
            if (r.key().contains("/endpoint/")) {
              seenAt.putIfAbsent(id, System.nanoTime());
            }
          }
        }
      }
    });
    reader.start();
    Thread.sleep(2_000);
    // A borrowed /32 on an existing host: one endpoint slice for the host, one peer update per peer.
    try (KafkaProducer<String, byte[]> p = producer(b)) {
      for (int i = 0; i < samples; i++) {
        int h = i % hosts;
        String id = "lat" + i;
        io.netledger.avro.Allocation a = io.netledger.avro.Allocation.newBuilder()
            .setNetworkId("n" + (h % Math.max(1, hosts / PER_NETWORK))).setKind(io.netledger.avro.AllocationKind.CONTAINER)
            .setOwnerId(id).setHostId("H" + h).setName(id).setNetns("/run/netns/" + id)
            .setIp("10." + (16 + h % Math.max(1, hosts / PER_NETWORK)) + ".250." + (i % 250 + 1)).setPrefixLength(16)
            .setMac(io.netledger.events.net.Macs.fromIpv4("10.16.250." + (i % 250 + 1))).setBlockCidr(null)
            .setBorrowed(true).setState(io.netledger.avro.AllocationState.ALLOCATED).setSequence(1_000_000 + i)
            .setOccurredAt(Instant.now())
            .setCause(new io.netledger.avro.InputCoordinates(Topics.CONTAINERS.name(), 0, 1_000_000L + i, "lat-" + i))
            .build();
        sentAt.put(id, System.nanoTime());
        p.send(new ProducerRecord<>(Topics.ALLOCATIONS.name(), id, serialize(registry, Topics.ALLOCATIONS.name(), a)));
        p.flush();
        Thread.sleep(50);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!seenAt.keySet().containsAll(sentAt.keySet()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    stop.set(true);
    reader.join();
    return sentAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
        .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue()).toArray();
  }
}
