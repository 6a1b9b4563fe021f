package io.netledger.it.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.avro.NetworkCreated;
import io.netledger.cli.Main;
import io.netledger.audit.Json;
import io.netledger.devcluster.DevCluster;
import io.netledger.devcluster.demo.LogReader;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.Published;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code netledger audit} against the real broker and registry, with allocator-stream and
 * mesh-stream running in this JVM: a scripted history (the seed scenario on its own network, an
 * allocator restart, a container restart, a removal whose address a new container asks for)
 * gives exact holders and
 * intervals; state as of a past time equals the views captured then; verify is 0 on the healthy
 * run and 1 naming the key of a rogue record written straight into allocations.
 *
 * <p>verify compares every key of the shared cluster's views, so it assumes this class's allocator
 * and mesh are their only writers (true today: other classes only publish inputs, and the
 * end-to-end world runs its own cluster). A class that runs another allocator on the shared
 * cluster would need its own views or a cluster of its own.
 */
@ExtendWith(SharedCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String s = "au" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  private final String network = "net-" + s;
  private final String h1 = s + "-H1";
  private final String h2 = s + "-H2";
  private final String appId = "audit-allocator-" + s;
  private DevCluster cluster;
  private SchemaRegistry registry;
  private StreamApps apps;
  private EventPublisher publisher;

  // The script, as it happened.
  private final Map<String, Published> at = new HashMap<>();
  private Instant beforeChanges;
  private Map<String, Allocation> viewsBeforeChanges;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  void scriptedHistory() throws Exception {
    cluster = SharedCluster.cluster();
    registry = RegistryConfig.connect(cluster.registryUrl());
    apps = StreamApps.start(cluster.bootstrapServers(), registry, appId, "audit-mesh-" + s,
        SharedCluster.dataDir("audit-state-"));
    publisher = EventPublisher.create(PublisherConfig.of(cluster.bootstrapServers(), cluster.registryUrl(), "audit-test"));

    // The seed scenario, on a network of its own.
    at.put("H1", publisher.publish(SeedScenario.host(h1, "198.51.100.11")));
    at.put("H2", publisher.publish(SeedScenario.host(h2, "198.51.100.12")));
    NetworkCreated n = SeedScenario.network(Encryption.NONE);
    n.setNetworkId(network);
    n.setName(network);
    n.setCidr("10.60.0.0/16");
    at.put("net", publisher.publish(n));
    // Hosts and network sit on other partitions than the containers: let the allocator decide
    // them first, as an orchestrator that registers before it schedules would, so the history
    // below has no waiting starts and its intervals are the containers' own.
    awaitDecided(at.get("H1"), at.get("H2"), at.get("net"));
    at.put("rocketchat", publisher.publish(container("rocketchat", h1, null)));
    at.put("mongo", publisher.publish(container("mongo", h2, null)));
    at.put("hubot", publisher.publish(container("hubot", h2, null)));
    viewsBeforeChanges = awaitAllocations(m -> allocated(m, id("hubot")) && allocated(m, id("mongo"))
        && allocated(m, id("rocketchat")));
    Thread.sleep(50);
    beforeChanges = Instant.now();
    // The allocator restarts here: the decision log continues where the last transaction ended,
    // and the replay must run straight through it.
    apps.restartAllocator();

    // mongo restarts (keeps its address); hubot goes away; worker asks for hubot's old address.
    at.put("mongo-stop", publisher.publish(ContainerStopped.newBuilder().setContainerId(id("mongo")).build()));
    at.put("mongo-again", publisher.publish(container("mongo", h2, null)));
    at.put("hubot-stop", publisher.publish(ContainerStopped.newBuilder().setContainerId(id("hubot")).build()));
    at.put("hubot-rm", publisher.publish(ContainerRemoved.newBuilder().setContainerId(id("hubot")).build()));
    // Inputs on different partitions have no order between them: like an orchestrator, ask for
    // the address only once its removal has been decided.
    awaitAllocations(m -> !m.containsKey(id("hubot")));
    String hubotIp = viewsBeforeChanges.get(id("hubot")).getIp();
    at.put("worker", publisher.publish(container("worker", h2, hubotIp)));
    awaitAllocations(m -> allocated(m, id("worker")) && !m.containsKey(id("hubot")) && allocated(m, id("mongo")));
  }

  @AfterAll
  void stop() {
    if (publisher != null) {
      publisher.close();
    }
    if (apps != null) {
      apps.close();
    }
  }

  @Test
  @Order(1)
  void ipNamesEveryHolderWithExactIntervalsAndInputs() throws Exception {
    String hubotIp = viewsBeforeChanges.get(id("hubot")).getIp();
    Run r = audit("ip", hubotIp, "--network", network, "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode holders = r.json().get("holders");
    assertEquals(2, holders.size(), r.out());
    JsonNode hubot = holders.get(0);
    assertEquals(id("hubot"), hubot.get("key").asText());
    assertEquals("hubot", hubot.get("service").asText());
    assertEquals(SeedScenario.STACK, hubot.get("stack").asText());
    assertEquals(h2, hubot.get("hostId").asText());
    assertInput(at.get("hubot"), hubot.get("fromInput"));
    assertInput(at.get("hubot-stop"), hubot.get("toInput"));
    assertEquals(logTime(at.get("hubot")).toString(), hubot.get("from").asText());
    assertEquals(logTime(at.get("hubot-stop")).toString(), hubot.get("to").asText());
    JsonNode worker = holders.get(1);
    assertEquals(id("worker"), worker.get("key").asText());
    assertInput(at.get("worker"), worker.get("fromInput"));
    assertEquals(logTime(at.get("worker")).toString(), worker.get("from").asText());
    assertTrue(worker.get("to").isNull());

    // A restart keeps the address but is two tenures: RELEASED in between.
    Run m = audit("ip", viewsBeforeChanges.get(id("mongo")).getIp(), "--network", network, "--json");
    JsonNode mh = m.json().get("holders");
    assertEquals(2, mh.size(), m.out());
    assertInput(at.get("mongo"), mh.get(0).get("fromInput"));
    assertInput(at.get("mongo-stop"), mh.get(0).get("toInput"));
    assertInput(at.get("mongo-again"), mh.get(1).get("fromInput"));
    assertTrue(mh.get(1).get("to").isNull());

    // At a time: the one holder then; the table names it too.
    Run then = audit("ip", hubotIp, "--network", network, "--at", beforeChanges.toString(), "--json");
    assertEquals(1, then.json().get("holders").size());
    assertEquals(id("hubot"), then.json().get("holders").get(0).get("key").asText());
    Run table = audit("ip", hubotIp, "--network", network);
    assertTrue(table.out().contains(id("hubot")) && table.out().contains(id("worker")), table.out());
  }

  @Test
  @Order(2)
  void containerAndHostHistoriesListEventsAndTheirChanges() throws Exception {
    Run r = audit("container", id("hubot"), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode h = r.json().get("history");
    assertEquals(3, h.size(), r.out());
    assertInput(at.get("hubot"), h.get(0).get("input"));
    assertInput(at.get("hubot-stop"), h.get(1).get("input"));
    assertInput(at.get("hubot-rm"), h.get(2).get("input"));
    assertEquals("ALLOCATED", firstAllocation(h.get(0)).get("state").asText());
    assertEquals("RELEASED", firstAllocation(h.get(1)).get("state").asText());

    Run host = audit("host", h1);
    assertEquals(0, host.code(), host.err());
    assertTrue(host.out().contains("HostRegistered " + h1), host.out());
    assertTrue(host.out().contains("ContainerStarted " + id("rocketchat")), host.out());
    assertTrue(host.out().contains("claimed by " + h1), host.out());
  }

  @Test
  @Order(3)
  void stateAtAPastTimeEqualsTheViewsThen() throws Exception {
    Run r = audit("state", "--at", beforeChanges.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode allocations = r.json().get("allocations");
    int mine = 0;
    for (Map.Entry<String, Allocation> e : viewsBeforeChanges.entrySet()) {
      if (network.equals(e.getValue().getNetworkId())) {
        // Through text, so number node types (int vs long) do not matter.
        assertEquals(JSON.readTree(Json.write(Json.of(e.getValue()))), allocations.get(e.getKey()), e.getKey());
        mine++;
      }
    }
    assertEquals(5, mine, "3 containers and 2 host addresses");
    List<String> replayedMine = new ArrayList<>();
    allocations.fields().forEachRemaining(f -> {
      if (network.equals(f.getValue().get("networkId").asText())) {
        replayedMine.add(f.getKey());
      }
    });
    assertEquals(5, replayedMine.size(), replayedMine.toString());
    assertFalse(allocations.has(id("worker")));

    Run now = audit("state", "--json");
    assertTrue(now.json().get("allocations").has(id("worker")));
    assertTrue(now.json().get("hostState").size() > 0);
  }

  @Test
  @Order(4)
  void verifyIsZeroWhenHealthyAndOneNamingARogueKey() throws Exception {
    // The mesh derives from the allocator's outputs: wait until both have caught up.
    Run healthy = awaitVerify(0);
    assertEquals(0, healthy.code(), healthy.out() + healthy.err());
    assertEquals(0, healthy.json().get("differences").size());

    String rogue = "rogue-" + s;
    Allocation a = Allocation.newBuilder(viewsBeforeChanges.get(id("rocketchat"))).setOwnerId(rogue)
        .setIp("10.60.0.200").build();
    write(rogue, a);
    try {
      Run diverged = awaitVerify(1);
      assertEquals(1, diverged.code(), diverged.out() + diverged.err());
      List<String> keys = new ArrayList<>();
      diverged.json().get("differences").forEach(d -> keys.add(d.get("topic").asText() + " " + d.get("key").asText()));
      assertTrue(keys.contains(Topics.ALLOCATIONS.name() + " " + rogue), keys.toString());
      Run table = audit("verify");
      assertEquals(1, table.code());
      assertTrue(table.out().contains(rogue) && table.out().contains("(absent)"), table.out());
    } finally {
      write(rogue, null); // leave the shared cluster's views as the log says
    }
  }

  @Test
  @Order(5)
  void exportWritesDecodedJsonLinesBetweenTwoTimes() throws Exception {
    Run r = audit("export", "--from", beforeChanges.toString(), "--topics", "containers");
    assertEquals(0, r.code(), r.err());
    List<JsonNode> mine = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      JsonNode j = JSON.readTree(line);
      if (j.get("key").asText().startsWith(s)) {
        mine.add(j);
      }
    }
    assertEquals(5, mine.size(), r.out());
    assertEquals(id("mongo"), mine.get(0).get("key").asText());
    assertEquals(id("mongo"), mine.get(0).get("value").get("payload").get("ContainerStopped").get("containerId").asText());
  }

  @Test
  @Order(6)
  void badInputGivesAClearMessageAndExitCode() throws Exception {
    Run unknownIp = audit("ip", "10.60.250.250", "--network", network);
    assertEquals(1, unknownIp.code());
    assertTrue(unknownIp.err().contains("nobody ever held 10.60.250.250 in network " + network), unknownIp.err());

    Run notIp = audit("ip", "10.60.999.1", "--network", network);
    assertEquals(2, notIp.code());
    assertTrue(notIp.err().contains("'10.60.999.1' is not an IPv4 address"), notIp.err());

    Run badTime = audit("state", "--at", "yesterday at noon");
    assertEquals(2, badTime.code());
    assertTrue(badTime.err().contains("'yesterday at noon' is not a time"), badTime.err());

    Run noLog = run("audit", "verify", "--bootstrap", cluster.bootstrapServers(), "--registry", cluster.registryUrl(),
        "--application-id", "never-ran-" + s);
    assertEquals(1, noLog.code());
    assertTrue(noLog.err().contains("no decision log"), noLog.err());

    int dead;
    try (ServerSocket sock = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = sock.getLocalPort();
    }
    long t0 = System.nanoTime();
    Run down = run("audit", "verify", "--bootstrap", "127.0.0.1:" + dead, "--registry", cluster.registryUrl(),
        "--timeout", "2s");
    assertEquals(1, down.code());
    assertTrue(down.err().contains("cannot reach Kafka at 127.0.0.1:" + dead), down.err());
    assertTrue((System.nanoTime() - t0) / 1e9 < 20, "gave up within the timeout");
  }

  // --- helpers ---

  private String id(String service) {
    return s + "-" + service;
  }

  private ContainerStarted container(String service, String host, String requestedIp) {
    ContainerStarted c = SeedScenario.container(service, host);
    c.setContainerId(id(service));
    c.setNetworkId(network);
    c.setRequestedIp(requestedIp);
    return c;
  }

  private static boolean allocated(Map<String, Allocation> m, String key) {
    Allocation a = m.get(key);
    return a != null && a.getState() == AllocationState.ALLOCATED;
  }

  private static JsonNode firstAllocation(JsonNode entry) {
    for (JsonNode c : entry.get("changes")) {
      if (c.get("topic").asText().equals(Topics.ALLOCATIONS.name())) {
        return c.get("value");
      }
    }
    throw new AssertionError("no allocation in " + entry);
  }

  private static void assertInput(Published p, JsonNode coords) {
    assertEquals(p.topic(), coords.get("topic").asText());
    assertEquals(p.partition(), coords.get("partition").asInt());
    assertEquals(p.offset(), coords.get("offset").asLong());
  }

  private Run audit(String... args) {
    List<String> all = new ArrayList<>(List.of("audit"));
    all.addAll(List.of(args));
    all.addAll(List.of("--bootstrap", cluster.bootstrapServers(), "--registry", cluster.registryUrl(),
        "--application-id", appId));
    return run(all.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  private Run awaitVerify(int code) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Run r;
    do {
      r = audit("verify", "--json");
      if (r.code() == code) {
        return r;
      }
      Thread.sleep(300);
    } while (System.nanoTime() < deadline);
    return r;
  }

  private Map<String, Allocation> awaitAllocations(Predicate<Map<String, Allocation>> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<String, Allocation> view = new HashMap<>();
      LogReader.readAll(cluster.bootstrapServers(), cluster.registryUrl(), List.of(Topics.ALLOCATIONS),
          (topic, partition, offset, key, value) -> {
            if (value == null) {
              view.remove(key);
            } else {
              view.put(key, (Allocation) value);
            }
          });
      if (done.test(view)) {
        return view;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("allocations never reached the expected state: " + view);
      }
      Thread.sleep(200);
    }
  }

  /** Waits until every given input has been decided (it appears in the allocator's decision log). */
  private void awaitDecided(Published... inputs) throws Exception {
    io.netledger.audit.LogSource source = new io.netledger.audit.LogSource(cluster.bootstrapServers(),
        cluster.registryUrl(), java.time.Duration.ofSeconds(10), appId);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (true) {
      java.util.Set<String> decided = new java.util.HashSet<>();
      try {
        io.netledger.audit.DecisionLog.read(source, null, step -> {
          if (step.input() != null && step.input().event() != null) {
            var c = step.input().event().cause();
            decided.add(c.getTopic() + "/" + c.getPartition() + "@" + c.getOffset());
          }
        }, io.netledger.audit.Progress.quiet());
      } catch (RuntimeException notYet) {
        // the decision topic appears with the allocator's first decision
      }
      if (java.util.Arrays.stream(inputs).allMatch(p -> decided.contains(p.topic() + "/" + p.partition() + "@" + p.offset()))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("inputs not decided within 60 s: " + java.util.Arrays.toString(inputs));
      }
      Thread.sleep(200);
    }
  }

  /** The log time (record timestamp) of a published input. */
  private Instant logTime(Published p) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(p.topic(), p.partition());
      c.assign(List.of(tp));
      c.seek(tp, p.offset());
      for (int i = 0; i < 50; i++) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() == p.offset()) {
            return Instant.ofEpochMilli(r.timestamp());
          }
        }
      }
    }
    throw new AssertionError("no record at " + p);
  }

  private void write(String key, Allocation value) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    AvroSerde<Allocation> serde = AvroSerde.forTopic(Topics.ALLOCATIONS, registry, false);
    try (KafkaProducer<String, Allocation> p = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
      p.send(new ProducerRecord<>(Topics.ALLOCATIONS.name(), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
