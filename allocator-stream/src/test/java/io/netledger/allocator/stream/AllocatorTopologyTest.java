package io.netledger.allocator.stream;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.events.serde.AvroBinary;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.ImageRecords;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.allocator.ipam.TestInputs;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology in a TopologyTestDriver: the seed scenario gives, topic by topic, exactly the
 * records of the pure replay; tombstones; undecodable input; the store holds the image.
 */
class AllocatorTopologyTest {
  static final TopicSerdes SERDES = AvroBinary.topicSerdes();

  @TempDir
  Path stateDir;
  TopologyTestDriver driver;
  Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
  /** The same inputs, replayed by the pure allocator, for comparison. */
  final List<InputEvent> replayed = new ArrayList<>();
  final TestInputs in = new TestInputs();

  @BeforeEach
  void setUp() throws Exception {
    StreamsBuilder b = new StreamsBuilder();
    AllocatorTopology.buildTopology(b, AllocatorConfig.DEFAULT, SERDES);
    Properties p = AllocatorTopology.streamsConfig("allocator-test", "127.0.0.1:9");
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
    driver = new TopologyTestDriver(b.build(), p);
    for (Topic<?> t : Topics.inputs()) {
      inputs.put(t.name(), driver.createInputTopic(t.name(), Serdes.String().serializer(),
          Serdes.ByteArray().serializer()));
    }
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void pipe(InputEvent e) {
    replayed.add(e);
    inputs.get(e.cause().getTopic()).pipeInput(e.key(), AvroBinary.encode(e.envelope()), e.occurredAt());
  }

  private void seed() {
    pipe(in.networkCreated(TestInputs.network("managed", "10.42.0.0/16", 26)));
    pipe(in.hostRegistered("H1"));
    pipe(in.hostRegistered("H2"));
    pipe(in.started(TestInputs.container("c-rocketchat", "rocketchat-1", "rocketchat", "rocket-chat", "H1", "managed")));
    pipe(in.started(TestInputs.container("c-mongo", "mongo-1", "mongo", "rocket-chat", "H2", "managed")));
    pipe(in.started(TestInputs.container("c-hubot", "hubot-1", "hubot", "rocket-chat", "H2", "managed")));
  }

  private <V extends SpecificRecord> List<KeyValue<String, V>> read(Topic<V> t) {
    TestOutputTopic<String, V> out = driver.createOutputTopic(t.name(), Serdes.String().deserializer(),
        SERDES.valueSerde(t).deserializer());
    return out.readKeyValuesToList();
  }

  /** What the pure allocator writes to {@code t} for the inputs piped so far. */
  private List<KeyValue<String, SpecificRecord>> expected(Topic<?> t) {
    var d = io.netledger.allocator.ipam.AllocatorImage.EMPTY.delta(AllocatorConfig.DEFAULT);
    replayed.forEach(d::replay);
    d.apply();
    return d.changes().stream().filter(r -> r.topic().equals(t.name()))
        .map(r -> KeyValue.pair(r.key(), r.value())).toList();
  }

  @Test
  void theSeedScenarioGivesExactlyThePureReplaysRecords() {
    seed();
    for (Topic<?> t : List.of(Topics.IPAM_BLOCKS, Topics.ALLOCATIONS, Topics.DNS_RECORDS, Topics.REJECTED)) {
      assertEquals(expected(t), List.copyOf(read(t)), t.name());
    }
    assertEquals(2, expected(Topics.IPAM_BLOCKS).size());
    assertEquals(5, expected(Topics.ALLOCATIONS).size());
    assertEquals(6, expected(Topics.DNS_RECORDS).size());
  }

  @Test
  void stopAndRemoveWriteTombstones() {
    seed();
    read(Topics.ALLOCATIONS);
    read(Topics.DNS_RECORDS);
    read(Topics.IPAM_BLOCKS);
    pipe(in.stopped("c-rocketchat"));
    pipe(in.removed("c-mongo"));
    List<KeyValue<String, Allocation>> allocations = read(Topics.ALLOCATIONS);
    assertEquals(AllocationState.RELEASED, allocations.get(0).value.getState());
    assertEquals("c-rocketchat", allocations.get(0).key);
    assertEquals(KeyValue.pair("host/H1/managed", null), allocations.get(1));
    assertEquals(KeyValue.pair("c-mongo", null), allocations.get(2));
    assertEquals(List.of(KeyValue.pair("managed/10.42.0.0/26", null)), List.copyOf(read(Topics.IPAM_BLOCKS)));
    var dns = read(Topics.DNS_RECORDS);
    assertEquals(4, dns.size());
    dns.forEach(kv -> assertNull(kv.value, kv.key));
  }

  @Test
  void anUndecodableInputIsRejectedWithItsCoordinatesAndBytes() {
    seed();
    byte[] garbage = {(byte) 0xff, 1, 2, 3};
    inputs.get(Topics.CONTAINERS.name()).pipeInput("c-bad", garbage);
    List<KeyValue<String, Rejection>> rejected = read(Topics.REJECTED);
    assertEquals(1, rejected.size());
    Rejection r = rejected.get(0).value;
    assertEquals("c-bad", rejected.get(0).key);
    assertEquals(RejectionReason.UNDECODABLE, r.getReason());
    assertEquals(new InputCoordinates(Topics.CONTAINERS.name(), 0, 3L, null), r.getInput());
    assertArrayEquals(garbage, r.getInputValue().array());
    assertEquals("allocator-stream", r.getRejectedBy());
    // and the allocator goes on
    pipe(in.stopped("c-hubot"));
    assertEquals(AllocationState.RELEASED, read(Topics.ALLOCATIONS).get(5).value.getState());
  }

  @Test
  void anInvalidInputBehindTheDoorIsRejectedNamingFieldValueAndRule() {
    seed();
    var bad = TestInputs.container("c-web", "web_1", "Bad_Svc", "rocket-chat", "H1", "managed");
    bad.setAliases(List.of("UPPER_alias"));
    bad.setNetns("/proc/1/ns/net/../x");
    pipe(in.started(bad));
    List<KeyValue<String, Rejection>> rejected = read(Topics.REJECTED);
    assertEquals(1, rejected.size());
    Rejection r = rejected.get(0).value;
    assertEquals(RejectionReason.INVALID_INPUT, r.getReason());
    for (String part : List.of("name='web_1'", "service='Bad_Svc'", "aliases='UPPER_alias'", "netns=", "RFC 1123")) {
      assertTrue(r.getMessage().contains(part), r.getMessage());
    }
    assertEquals(Topics.CONTAINERS.name(), r.getInput().getTopic());
    assertTrue(read(Topics.DNS_RECORDS).stream().noneMatch(kv -> kv.key.contains("web_1")));
    assertTrue(read(Topics.ALLOCATIONS).stream().noneMatch(kv -> kv.key.equals("c-web")));
  }

  @Test
  void aNameTooLongForTheNetworksDomainIsRejectedAndNotWrittenToDns() {
    String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + ".internal";
    var net = TestInputs.network("long", "10.50.0.0/16", 26);
    net.setDnsDomain(domain);
    pipe(in.networkCreated(net));
    pipe(in.hostRegistered("H1"));
    pipe(in.started(TestInputs.container("c-long", "n".repeat(63), null, null, "H1", "long")));
    Rejection r = read(Topics.REJECTED).get(0).value;
    assertEquals(RejectionReason.INVALID_INPUT, r.getReason());
    assertTrue(r.getMessage().contains("253"), r.getMessage());
    assertTrue(read(Topics.DNS_RECORDS).isEmpty());
    assertEquals(AllocationState.FAILED, read(Topics.ALLOCATIONS).get(0).value.getState());
  }

  @Test
  void everyAcceptedInputIsOneAcceptedFactAndARefusedOneIsNone() {
    seed();
    List<KeyValue<String, io.netledger.avro.AcceptedFact>> facts = read(Topics.ACCEPTED_FACTS);
    assertEquals(6, facts.size());
    for (int i = 0; i < facts.size(); i++) {
      assertEquals(replayed.get(i).cause(), facts.get(i).value.getInput());
      assertEquals(replayed.get(i).key(), facts.get(i).key);
      assertEquals(replayed.get(i).envelope(), facts.get(i).value.getFact());
    }
    pipe(in.networkDeleted("managed"));
    assertEquals(RejectionReason.NETWORK_IN_USE, read(Topics.REJECTED).get(0).value.getReason());
    assertTrue(read(Topics.ACCEPTED_FACTS).isEmpty(), "a refused NetworkDeleted is no fact for the mesh");
  }

  @Test
  void aTombstoneOnAnInputTopicIsRejectedNotDropped() {
    seed();
    inputs.get(Topics.HOSTS.name()).pipeInput("H1", (byte[]) null);
    Rejection r = read(Topics.REJECTED).get(0).value;
    assertEquals(RejectionReason.INVALID_INPUT, r.getReason());
    assertEquals(new InputCoordinates(Topics.HOSTS.name(), 0, 2L, null), r.getInput());
  }

  @Test
  void aDomainRejectionCarriesTheInputsCoordinates() {
    seed();
    pipe(in.stopped("ghost"));
    Rejection r = read(Topics.REJECTED).get(0).value;
    assertEquals(RejectionReason.UNKNOWN_CONTAINER, r.getReason());
    assertEquals(replayed.get(replayed.size() - 1).cause(), r.getInput());
    assertTrue(((ContainerEvent) replayed.get(replayed.size() - 1).envelope()).getEventId()
        .equals(r.getInput().getEventId()));
  }

  @Test
  void theStoreHoldsTheImage() {
    seed();
    pipe(in.stopped("c-mongo"));
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(AllocatorTopology.IMAGE_STORE);
    List<OutputRecord> records = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> records.add(StoreCodec.decode(kv.key, kv.value)));
    }
    var d = io.netledger.allocator.ipam.AllocatorImage.EMPTY.delta(AllocatorConfig.DEFAULT);
    replayed.forEach(d::replay);
    assertEquals(d.apply(), ImageRecords.restore(records));
  }

  @Test
  void aStartPipedBeforeItsNetworkIsAllocatedWhenTheNetworkArrives() {
    pipe(in.hostRegistered("H1"));
    InputEvent start = in.started(TestInputs.container("c1", "web-1", "web", "shop", "H1", "late"));
    pipe(start);
    List<KeyValue<String, Allocation>> first = read(Topics.ALLOCATIONS);
    assertEquals(1, first.size());
    assertEquals(AllocationState.FAILED, first.get(0).value.getState());
    assertEquals(RejectionReason.UNKNOWN_NETWORK, read(Topics.REJECTED).get(0).value.getReason());
    assertEquals(expectedImage(), storedImage()); // the waiting start is in the store

    pipe(in.networkCreated(TestInputs.network("late", "10.43.0.0/16", 26)));
    List<KeyValue<String, Allocation>> late = read(Topics.ALLOCATIONS);
    Allocation c1 = late.stream().filter(kv -> kv.key.equals("c1")).findFirst().orElseThrow().value;
    assertEquals(AllocationState.ALLOCATED, c1.getState());
    assertEquals("10.43.0.2", c1.getIp());
    assertEquals(start.cause(), c1.getCause()); // the start's coordinates, not the network's
    assertTrue(read(Topics.REJECTED).isEmpty());
    assertEquals(2, read(Topics.DNS_RECORDS).size()); // web-1.<domain>, web.shop.<domain>
    assertEquals(expectedImage(), storedImage());
    assertTrue(storedImage().waiting().isEmpty());
  }

  private io.netledger.allocator.ipam.AllocatorImage expectedImage() {
    var d = io.netledger.allocator.ipam.AllocatorImage.EMPTY.delta(AllocatorConfig.DEFAULT);
    replayed.forEach(d::replay);
    return d.apply();
  }

  private io.netledger.allocator.ipam.AllocatorImage storedImage() {
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(AllocatorTopology.IMAGE_STORE);
    List<OutputRecord> records = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> records.add(StoreCodec.decode(kv.key, kv.value)));
    }
    return ImageRecords.restore(records);
  }
}
