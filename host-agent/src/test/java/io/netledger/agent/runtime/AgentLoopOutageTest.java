package io.netledger.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netledger.agent.calc.Owned;
import io.netledger.agent.calc.Slices;
import io.netledger.agent.kernel.FakeKernel;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.AgentStatus;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.KernelCapabilities;
import io.netledger.events.registry.InMemorySchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.HostPartitioner;
import io.netledger.events.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The loop rides out a broker outage: started with no broker it waits (nothing applied, nothing
 * swept); commits that time out do not end it; once the broker answers it commits what it
 * applied and its status names the outage.
 */
class AgentLoopOutageTest {
  static final int PARTITIONS = 12;
  final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("agent-outage-test");
  final AvroSerde<HostStateSlice> slices = AvroSerde.forTopic(Topics.HOST_STATE, registry, true);
  final AvroSerde<AgentStatus> statuses = AvroSerde.forTopic(Topics.AGENT_STATUS, registry, true);
  final TopicPartition own = new TopicPartition(Topics.HOST_STATE.name(), HostPartitioner.partitionFor("H2", PARTITIONS));
  final TopicPartition dns = new TopicPartition(Topics.DNS_RECORDS.name(), 0);
  final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  final FakeKernel kernel = new FakeKernel();
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T12:00:00Z"));

  /** A consumer whose metadata lookups and commits time out while the broker is "down". */
  static final class FlakyConsumer extends MockConsumer<String, byte[]> {
    volatile boolean down = true;
    volatile int failedLookups;
    volatile int failedCommits;

    FlakyConsumer() {
      super(AutoOffsetResetStrategy.EARLIEST.name());
    }

    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic) {
      if (down) {
        failedLookups++;
        throw new TimeoutException("no broker (test)");
      }
      return super.partitionsFor(topic);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      if (down) {
        failedCommits++;
        throw new TimeoutException("no broker (test)");
      }
      super.commitSync(offsets, timeout);
    }
  }

  final FlakyConsumer consumer = new FlakyConsumer();

  Clock clock() {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  @Test
  void waitsForABrokerAtStartThenRidesOutAnOutageAndReportsIt() throws Exception {
    List<PartitionInfo> hs = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      hs.add(new PartitionInfo(Topics.HOST_STATE.name(), p, Node.noNode(), new Node[0], new Node[0]));
    }
    consumer.updatePartitions(Topics.HOST_STATE.name(), hs);
    consumer.updatePartitions(Topics.DNS_RECORDS.name(),
        List.of(new PartitionInfo(Topics.DNS_RECORDS.name(), 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(own, 0L, dns, 0L));
    List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();
    for (Map.Entry<String, HostStateSlice> e : Slices.h2("mongo", "hubot").entrySet()) {
      log.add(new ConsumerRecord<>(own.topic(), own.partition(), log.size(), e.getKey(),
          slices.serializer().serialize(own.topic(), e.getValue())));
    }
    consumer.updateEndOffsets(Map.of(own, (long) log.size(), dns, 0L));
    kernel.createNamespace(Namespace.of("mongo")).createNamespace(Namespace.of("hubot"));
    // Left by this agent before its restart: must survive until the agent has caught up.
    String earlier = Owned.vethName("c-earlier");
    kernel.createNamespace(Namespace.HOST).put(Namespace.HOST, Link.veth(earlier, 1400, null));

    AgentConfig config = AgentConfig.of("H2", Slices.H2_UNDERLAY, "mock:9092", "mock://agent-outage-test")
        .withStatusInterval(Duration.ofHours(1));
    AgentLoop loop = AgentLoop.builder(config).kernel(kernel).consumer(consumer).producer(producer).registry(registry)
        .capabilities(new KernelCapabilities(true, true, false, true)).meters(new SimpleMeterRegistry())
        .clock(clock()).build();
    // Turn 1: everything arrives; the broker goes away again before the commit.
    consumer.schedulePollTask(() -> {
      log.forEach(consumer::addRecord);
      consumer.down = true;
    });
    // Turns 2-4: the outage, 6 s apart, so a commit is retried (every 5 s) and fails again.
    for (int i = 0; i < 3; i++) {
      consumer.schedulePollTask(() -> now.set(now.get().plusSeconds(6)));
    }
    // Turn 5: the broker is back.
    consumer.schedulePollTask(() -> {
      consumer.down = false;
      now.set(now.get().plusSeconds(6));
    });
    consumer.schedulePollTask(() -> { });
    java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong(-1);
    consumer.schedulePollTask(() -> {
      committed.set(consumer.committed(java.util.Set.of(own)).get(own).offset());
      new Thread(loop::close).start();
    });

    Thread t = new Thread(loop);
    t.start();
    // Started with no broker: the loop waits and touches nothing.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (consumer.failedLookups < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(consumer.failedLookups >= 2, "retried the lookups");
    assertTrue(t.isAlive(), "the loop waits instead of dying");
    assertNotNull(kernel.read(Namespace.HOST).get(Link.class, earlier), "nothing swept before caught up");
    consumer.down = false;
    t.join(20_000);

    assertTrue(consumer.failedCommits >= 2, "commits failed during the outage: " + consumer.failedCommits);
    assertEquals(log.size(), committed.get(), "committed once back");
    assertNotNull(kernel.read(Namespace.HOST).get(Link.class, Owned.vethName("c-mongo")));
    List<AgentStatus> reports = new ArrayList<>();
    for (ProducerRecord<String, byte[]> r : producer.history()) {
      reports.add(statuses.deserializer().deserialize(r.topic(), r.value()));
    }
    String message = String.valueOf(reports.get(reports.size() - 1).getMessage());
    assertTrue(message.contains("broker unreachable for 24 s"), message);
  }
}
