package io.netledger.allocator.stream;

import io.netledger.events.serde.AvroBinary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.AllocatorDelta;
import io.netledger.allocator.ipam.AllocatorImage;
import io.netledger.allocator.ipam.ImageRecords;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.allocator.ipam.TestInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** A processor started on a filled store continues exactly as the pure allocator would. */
class AllocatorProcessorRestoreTest {

  @Test
  void aRestartedProcessorRestoresTheImageFromItsStoreAndDecidesTheSame() {
    TestInputs in = new TestInputs();
    List<InputEvent> before = List.of(
        in.networkCreated(TestInputs.network("managed", "10.42.0.0/16", 26)),
        in.hostRegistered("H1"),
        in.started(TestInputs.container("c1", "c1", "svc", "st", "H1", "managed")),
        in.started(TestInputs.container("c2", "c2", "svc", "st", "H1", "managed")),
        in.stopped("c1"));
    AllocatorDelta d = AllocatorImage.EMPTY.delta(AllocatorConfig.DEFAULT);
    before.forEach(d::replay);
    AllocatorImage image = d.apply();

    MockProcessorContext<String, OutputRecord> ctx = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(AllocatorTopology.IMAGE_STORE), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled().build();
    store.init(ctx.getStateStoreContext(), store);
    ctx.addStateStore(store);
    for (OutputRecord r : ImageRecords.render(image)) {
      store.put(StoreCodec.key(r), StoreCodec.value(r));
    }
    AllocatorProcessor p = new AllocatorProcessor(AllocatorConfig.DEFAULT, AllocatorTopologyTest.SERDES);
    p.init(ctx);

    InputEvent next = in.started(TestInputs.container("c3", "c3", "svc", "st", "H1", "managed"));
    Record<String, byte[]> rec = new Record<>(next.key(), AvroBinary.encode(next.envelope()),
        next.occurredAt().toEpochMilli());
    rec.headers().add(InputStamp.TOPIC, next.cause().getTopic().getBytes(StandardCharsets.UTF_8));
    rec.headers().add(InputStamp.PARTITION, "0".getBytes(StandardCharsets.UTF_8));
    rec.headers().add(InputStamp.OFFSET, Long.toString(next.cause().getOffset()).getBytes(StandardCharsets.UTF_8));
    p.process(rec);

    AllocatorDelta pure = image.delta(AllocatorConfig.DEFAULT);
    var decision = pure.replay(next);
    pure.apply();
    List<OutputRecord> expected = new java.util.ArrayList<>(pure.changes().stream().filter(r -> !r.internal()).toList());
    // then the accepted fact, as the processor writes it after the decision's own records
    io.netledger.allocator.ipam.AcceptedFacts.of(next, decision).ifPresent(expected::add);
    assertEquals(expected, ctx.forwarded().stream().map(f -> f.record().value()).toList());
    assertEquals("10.42.0.4", ((io.netledger.avro.Allocation) expected.get(0).value()).getIp()); // .2 quarantined
  }

  @Test
  void aStartWaitingAcrossARestartIsDecidedWhenItsNetworkArrives() {
    TestInputs in = new TestInputs();
    InputEvent start = in.started(TestInputs.container("c1", "c1", "svc", "st", "H1", "managed"));
    AllocatorDelta d = AllocatorImage.EMPTY.delta(AllocatorConfig.DEFAULT);
    d.replay(in.hostRegistered("H1"));
    d.replay(start);
    AllocatorImage image = d.apply();

    MockProcessorContext<String, OutputRecord> ctx = new MockProcessorContext<>();
    AllocatorProcessor p = processorOn(ctx, image);
    InputEvent net = in.networkCreated(TestInputs.network("managed", "10.42.0.0/16", 26));
    p.process(record(net));

    AllocatorDelta pure = image.delta(AllocatorConfig.DEFAULT);
    var decision = pure.replay(net);
    pure.apply();
    List<OutputRecord> expected = new java.util.ArrayList<>(pure.changes().stream().filter(r -> !r.internal()).toList());
    io.netledger.allocator.ipam.AcceptedFacts.of(net, decision).ifPresent(expected::add);
    List<OutputRecord> forwarded = ctx.forwarded().stream().map(f -> (OutputRecord) f.record().value()).toList();
    assertEquals(expected, forwarded);
    io.netledger.avro.Allocation c1 = forwarded.stream().filter(r -> "c1".equals(r.key()))
        .map(r -> (io.netledger.avro.Allocation) r.value()).findFirst().orElseThrow();
    assertEquals(io.netledger.avro.AllocationState.ALLOCATED, c1.getState());
    assertEquals(start.cause(), c1.getCause());
  }

  private static AllocatorProcessor processorOn(MockProcessorContext<String, OutputRecord> ctx, AllocatorImage image) {
    KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(AllocatorTopology.IMAGE_STORE), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled().build();
    store.init(ctx.getStateStoreContext(), store);
    ctx.addStateStore(store);
    for (OutputRecord r : ImageRecords.render(image)) {
      store.put(StoreCodec.key(r), StoreCodec.value(r));
    }
    AllocatorProcessor p = new AllocatorProcessor(AllocatorConfig.DEFAULT, AllocatorTopologyTest.SERDES);
    p.init(ctx);
    return p;
  }

  private static Record<String, byte[]> record(InputEvent e) {
    Record<String, byte[]> rec = new Record<>(e.key(), AvroBinary.encode(e.envelope()), e.occurredAt().toEpochMilli());
    rec.headers().add(InputStamp.TOPIC, e.cause().getTopic().getBytes(StandardCharsets.UTF_8));
    rec.headers().add(InputStamp.PARTITION, "0".getBytes(StandardCharsets.UTF_8));
    rec.headers().add(InputStamp.OFFSET, Long.toString(e.cause().getOffset()).getBytes(StandardCharsets.UTF_8));
    return rec;
  }

  @Test
  void internalTopicsAndTheStoreHaveFixedNames() {
    Properties props = AllocatorTopology.streamsConfig("allocator-test", "127.0.0.1:9");
    // With ensure.explicit.internal.resource.naming, building fails on any generated name.
    StreamsBuilder b = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    AllocatorTopology.buildTopology(b, AllocatorConfig.DEFAULT, AllocatorTopologyTest.SERDES);
    TopologyDescription desc = b.build(props).describe();
    String text = desc.toString();
    assertEquals(true, text.contains("allocator-decision-order-repartition"), text);
    assertEquals(true, text.contains("stores: [allocator-image]"), text);
    assertEquals(2, desc.subtopologies().size());
  }
}
