package io.netledger.bench;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.stream.DecisionInput;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.cli.Main;
import io.netledger.audit.MeshReplay;
import io.netledger.audit.Replay;
import io.netledger.audit.Step;
import io.netledger.audit.Views;
import io.netledger.devcluster.KafkaBroker;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.mesh.topology.MeshTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replay rate of {@code netledger audit verify} over a large log. Starts a broker (child JVM) and
 * writes, as a running allocator and mesh would have left them: N input events (20 networks, 200
 * hosts, then container starts until 5,000 live and from then on start/stop/remove churn) in the allocator's
 * decision-order topic, and the final compacted views (allocations, ipam-blocks, dns-records,
 * host-state) computed with the same pure classes. Then it times {@code audit verify} in this JVM
 * (a first run warms the JIT, the second is reported) and prints decisions/s. The registry is the
 * in-memory {@code mock://} one so only Kafka and the replay are measured.
 *
 * <pre>
 * NETLEDGER_JAVA_OPTS=-Xmx2g bench/run VerifyBench [events=500000]
 * </pre>
 */
public final class VerifyBench {
  private static final String APP = "bench-allocator";
  private static final int LIVE = 5000;
  private static final String REGISTRY = "mock://verify-bench";
  // The header names of allocator-stream's InputStamp (package-private there): the bench plays the
  // allocator's stamping step.
  private static final String H_TOPIC = "netledger.input.topic";
  private static final String H_PARTITION = "netledger.input.partition";
  private static final String H_OFFSET = "netledger.input.offset";

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    MeshTopology.allowAvroClasses();
    Path dir = Files.createTempDirectory("verify-bench-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
    try (KafkaBroker broker = KafkaBroker.launch(dir, "127.0.0.1", 0)) {
      broker.awaitReady(Duration.ofSeconds(60));
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap);
      long t0 = System.nanoTime();
      long written = generate(bootstrap, events);
      System.out.printf("wrote %,d decisions and the views in %.1f s%n", written, (System.nanoTime() - t0) / 1e9);
      for (String run : List.of("warm-up", "measured")) {
        for (String mesh : List.of("--no-mesh", "")) {
          List<String> a = new ArrayList<>(List.of("audit", "verify", "--bootstrap", bootstrap, "--registry", REGISTRY,
              "--application-id", APP, "--timeout", "30s"));
          if (!mesh.isEmpty()) {
            a.add(mesh);
          }
          long s = System.nanoTime();
          int code = Main.commandLine().execute(a.toArray(String[]::new));
          double secs = (System.nanoTime() - s) / 1e9;
          System.out.printf("%s audit verify %s: exit %d, %,d decisions in %.2f s = %,.0f decisions/s%n", run,
              mesh.isEmpty() ? "(with mesh)" : mesh, code, written, secs, written / secs);
        }
      }
    }
  }

  private static void createTopics(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      List<NewTopic> topics = new ArrayList<>();
      topics.add(new NewTopic(APP + "-allocator-decision-order-repartition", 1, (short) 1));
      for (Topic<?> t : List.of(Topics.ALLOCATIONS, Topics.IPAM_BLOCKS, Topics.DNS_RECORDS, Topics.HOST_STATE)) {
        topics.add(t.newTopic(io.netledger.events.topic.Replication.SINGLE));
      }
      admin.createTopics(topics).all().get();
    }
  }

  private static long generate(String bootstrap, int events) throws Exception {
    SchemaRegistry registry = RegistryConfig.connect(REGISTRY);
    AvroSerde<NetworkEvent> networks = AvroSerde.forTopic(Topics.NETWORKS, registry, true);
    AvroSerde<HostEvent> hosts = AvroSerde.forTopic(Topics.HOSTS, registry, true);
    AvroSerde<ContainerEvent> containers = AvroSerde.forTopic(Topics.CONTAINERS, registry, true);
    MeshReplay mesh = new MeshReplay();
    Replay replay = new Replay(AllocatorConfig.DEFAULT, List.of(mesh));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    Random rnd = new Random(42);
    Instant now = Instant.now();
    long offset = 0;
    try (KafkaProducer<String, byte[]> out = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      List<String> netIds = new ArrayList<>();
      List<String> hostIds = new ArrayList<>();
      ArrayDeque<String[]> live = new ArrayDeque<>();
      long next = 0;
      for (int i = 0; offset < events; i++) {
        String key;
        SpecificRecord env;
        Topic<?> topic;
        byte[] bytes;
        if (i < 20) {
          NetworkCreated n = NetworkCreated.newBuilder().setNetworkId("n" + i).setName("n" + i)
              .setCidr("10." + (100 + i) + ".0.0/16").setBlockPrefixLength(26).setVni(5000 + i).setMtu(1450)
              .setDnsDomain("bench.internal").setEncryption(Encryption.NONE).build();
          NetworkEvent e = new NetworkEvent(UUID.randomUUID().toString(), now, "bench", n);
          key = "n" + i;
          netIds.add(key);
          topic = Topics.NETWORKS;
          env = e;
          bytes = networks.serializer().serialize(topic.name(), e);
        } else if (i < 220) {
          String h = "h" + (i - 20);
          HostRegistered r = HostRegistered.newBuilder().setHostId(h).setHostname(h)
              .setUnderlayIp("198.51.100." + (i - 19)).setIkeIdentity("CN=" + h).build();
          HostEvent e = new HostEvent(UUID.randomUUID().toString(), now, "bench", r);
          key = h;
          hostIds.add(h);
          topic = Topics.HOSTS;
          env = e;
          bytes = hosts.serializer().serialize(topic.name(), e);
        } else {
          Object payload;
          // Steady churn: once 5,000 containers live, every start is matched by a stop and a remove
          // of the oldest, so the state stays the size of a busy cluster while the log grows.
          if (live.size() >= LIVE || (live.peekFirst() != null && live.peekFirst()[1] != null)) {
            String[] c = live.peekFirst();
            if (c[1] == null) {
              payload = ContainerStopped.newBuilder().setContainerId(c[0]).build();
              c[1] = "stopped";
            } else {
              payload = ContainerRemoved.newBuilder().setContainerId(c[0]).build();
              live.pollFirst();
            }
            key = c[0];
          } else {
            String id = "c" + (next++);
            String svc = "svc" + rnd.nextInt(500);
            payload = ContainerStarted.newBuilder().setContainerId(id).setName(id).setService(svc).setStack("st" + rnd.nextInt(50))
                .setHostId(hostIds.get(rnd.nextInt(hostIds.size()))).setNetworkId(netIds.get(rnd.nextInt(netIds.size())))
                .setNetns("nlc-" + id).build();
            live.addLast(new String[] {id, null});
            key = id;
          }
          ContainerEvent e = new ContainerEvent(UUID.randomUUID().toString(), now, "bench", payload);
          topic = Topics.CONTAINERS;
          env = e;
          bytes = containers.serializer().serialize(topic.name(), e);
        }
        RecordHeaders h = new RecordHeaders();
        h.add(H_TOPIC, topic.name().getBytes(StandardCharsets.UTF_8));
        h.add(H_PARTITION, "0".getBytes(StandardCharsets.UTF_8));
        h.add(H_OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        out.send(new ProducerRecord<>(APP + "-allocator-decision-order-repartition", 0, now.toEpochMilli(), key, bytes, h));
        InputEvent in = InputEvent.of(topic.name(), 0, offset, key, env);
        replay.accept(new Step(offset, now, key, bytes, new DecisionInput(in, null)));
        offset++;
      }
      writeViews(out, registry, replay.views(), mesh.hostState(), now);
      out.flush();
    }
    return offset;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void writeViews(KafkaProducer<String, byte[]> out, SchemaRegistry registry, Views views,
      Map<String, SpecificRecord> hostState, Instant now) {
    for (Topic<?> t : Views.ALLOCATOR_VIEWS) {
      AvroSerde serde = AvroSerde.forTopic(t, registry, true);
      views.view(t).forEach((k, v) -> out.send(new ProducerRecord<>(t.name(), k, serde.serializer().serialize(t.name(), v))));
    }
    AvroSerde<HostStateSlice> slices = AvroSerde.forTopic(Topics.HOST_STATE, registry, true);
    InputCoordinates cause = new InputCoordinates("bench", 0, 0L, null);
    hostState.forEach((k, v) -> out.send(new ProducerRecord<>(Topics.HOST_STATE.name(), k, slices.serializer().serialize(
        Topics.HOST_STATE.name(), new HostStateSlice(k.substring(0, k.indexOf('/')), 1L, now, cause, v)))));
  }

  private static void delete(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
