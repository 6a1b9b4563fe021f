package io.netledger.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netledger.agent.calc.Owned;
import io.netledger.agent.calc.Slices;
import io.netledger.agent.kernel.FakeKernel;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.AgentHealth;
import io.netledger.avro.AgentStatus;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.KernelCapabilities;
import io.netledger.events.registry.InMemorySchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.HostPartitioner;
import io.netledger.events.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The loop against Kafka's mock clients and the fake kernel: one record per poll, so each turn
 * can be checked (nothing deleted before caught up, commit after apply, status written).
 */
class AgentLoopTest {
  static final int PARTITIONS = 12;
  final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("agent-loop-test");
  final AvroSerde<HostStateSlice> slices = AvroSerde.forTopic(Topics.HOST_STATE, registry, true);
  final AvroSerde<AgentStatus> statuses = AvroSerde.forTopic(Topics.AGENT_STATUS, registry, true);
  final MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
  final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  final FakeKernel kernel = new FakeKernel();
  final TopicPartition own = new TopicPartition(Topics.HOST_STATE.name(), HostPartitioner.partitionFor("H2", PARTITIONS));
  final TopicPartition dns = new TopicPartition(Topics.DNS_RECORDS.name(), 0);

  AgentLoop loop() {
    return loop(List.of());
  }

  AgentLoop loop(List<io.netledger.agent.doctor.Check> hostProblems) {
    List<PartitionInfo> hs = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      hs.add(new PartitionInfo(Topics.HOST_STATE.name(), p, Node.noNode(), new Node[0], new Node[0]));
    }
    consumer.updatePartitions(Topics.HOST_STATE.name(), hs);
    consumer.updatePartitions(Topics.DNS_RECORDS.name(),
        List.of(new PartitionInfo(Topics.DNS_RECORDS.name(), 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(own, 0L, dns, 0L));
    KernelCapabilities caps = new KernelCapabilities(true, true, false, true);
    AgentConfig config = AgentConfig.of("H2", Slices.H2_UNDERLAY, "mock:9092", "mock://agent-loop-test")
        .withStatusInterval(Duration.ofHours(1));
    return AgentLoop.builder(config).kernel(kernel).consumer(consumer).producer(producer).registry(registry)
        .capabilities(caps).meters(new SimpleMeterRegistry()).hostProblems(hostProblems).build();
  }

  ConsumerRecord<String, byte[]> record(long offset, String key, HostStateSlice slice) {
    return new ConsumerRecord<>(own.topic(), own.partition(), offset, key,
        slices.serializer().serialize(own.topic(), slice));
  }

  List<AgentStatus> statuses() {
    List<AgentStatus> out = new ArrayList<>();
    for (ProducerRecord<String, byte[]> r : producer.history()) {
      out.add(statuses.deserializer().deserialize(r.topic(), r.value()));
    }
    return out;
  }

  @Test
  void failedHostChecksAreReportedInAgentStatus() throws Exception {
    consumer.updateEndOffsets(Map.of(own, 0L, dns, 0L));
    AgentLoop loop = loop(List.of(io.netledger.agent.doctor.Check.fail("charon",
        "charon cannot load its crypto plugins (openssl, gcm): install libstrongswan-standard-plugins")));
    consumer.schedulePollTask(() -> { });
    consumer.schedulePollTask(() -> new Thread(loop::close).start());
    Thread t = new Thread(loop);
    t.start();
    t.join(20_000);
    AgentStatus last = statuses().get(statuses().size() - 1);
    assertEquals(AgentHealth.DEGRADED, last.getHealth());
    assertTrue(last.getErrors().stream().anyMatch(e -> e.getKind().equals("host-check") && e.getId().equals("charon")
        && e.getMessage().contains("libstrongswan-standard-plugins")), last.getErrors().toString());
  }

  @Test
  void appliesInLogOrderSweepsOnlyOnceCaughtUpCommitsAfterApplyAndReports() throws Exception {
    Map<String, HostStateSlice> h2 = Slices.h2("mongo", "hubot");
    List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();
    for (Map.Entry<String, HostStateSlice> e : h2.entrySet()) {
      log.add(record(log.size(), e.getKey(), e.getValue()));
    }
    // Another host that hashes to the same partition, and bytes nobody can decode.
    log.add(record(log.size(), "H9/endpoint/c-x", Slices.wrap("H9", Slices.endpoint("c-x", "x", "x", "10.42.9.9", "10.42.9.1"))));
    log.add(new ConsumerRecord<>(own.topic(), own.partition(), log.size(), "H2/endpoint/c-bad", new byte[] {9, 9}));
    consumer.updateEndOffsets(Map.of(own, (long) log.size(), dns, 0L));
    // A veth the agent made for a container that is no longer in the log.
    String stale = Owned.vethName("c-gone");
    kernel.createNamespace(Namespace.HOST).put(Namespace.HOST, Link.veth(stale, 1400, null));
    kernel.createNamespace(Namespace.of("mongo")).createNamespace(Namespace.of("hubot"));

    AgentLoop loop = loop();
    AtomicInteger next = new AtomicInteger();
    Map<Integer, Boolean> staleAtTurn = new HashMap<>();
    for (int i = 0; i < log.size() + 2; i++) {
      consumer.schedulePollTask(() -> {
        staleAtTurn.put(next.get(), kernel.read(Namespace.HOST).get(Link.class, stale) != null);
        if (next.get() < log.size()) {
          consumer.addRecord(log.get(next.getAndIncrement()));
        } else {
          next.incrementAndGet();
        }
      });
    }
    java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong(-1);
    consumer.schedulePollTask(() -> {
      committed.set(consumer.committed(java.util.Set.of(own)).get(own).offset());
      new Thread(loop::close).start(); // close() waits for the loop: not from the loop's own thread
    });
    Thread t = new Thread(loop);
    t.start();
    t.join(20_000);

    // Before the last record was read (turns 1..n-1) the stale veth stayed; after, it is gone.
    for (int turn = 1; turn < log.size(); turn++) {
      assertTrue(staleAtTurn.get(turn), "swept before caught up, at turn " + turn);
    }
    assertNull(kernel.read(Namespace.HOST).get(Link.class, stale), "not swept after caught up");
    assertNotNull(kernel.read(Namespace.HOST).get(Link.class, Owned.vethName("c-mongo")));
    assertNotNull(kernel.read(Namespace.HOST).get(Link.class, Owned.vethName("c-hubot")));
    assertNull(kernel.read(Namespace.HOST).get(Link.class, Owned.vethName("c-x")), "another host's slice applied");
    assertEquals(log.size(), committed.get());

    List<AgentStatus> reports = statuses();
    assertEquals(AgentHealth.CATCHING_UP, reports.get(0).getHealth());
    AgentStatus last = reports.get(reports.size() - 1);
    assertEquals(AgentHealth.HEALTHY, last.getHealth());
    assertEquals(own.partition(), last.getPartition());
    assertEquals(log.size(), last.getAppliedOffset());
    assertTrue(last.getCapabilities().getLibipsec());
    assertTrue(last.getAppliedGeneration() > 0);
  }
}
