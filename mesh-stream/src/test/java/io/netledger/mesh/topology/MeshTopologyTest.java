package io.netledger.mesh.topology;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.events.serde.AvroBinary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Peer;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.net.Macs;
import io.netledger.events.topic.HostPartitioner;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.DriverRecords;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed scenario through the real topology, including the partition of every output record. */
class MeshTopologyTest {
  static final String NET = "managed";
  static final TopicSerdes SERDES = AvroBinary.topicSerdes();

  @TempDir
  Path stateDir;
  TopologyTestDriver driver;
  Topology topology;

  @BeforeEach
  void start() {
    StreamsBuilder builder = new StreamsBuilder();
    MeshTopology.buildTopology(builder, SERDES);
    topology = builder.build();
    driver = newDriver();
  }

  TopologyTestDriver newDriver() {
    // The driver never connects; the address only has to parse.
    Properties p = MeshTopology.streamsConfig("127.0.0.1:9", stateDir.toString());
    return new TopologyTestDriver(topology, p, Instant.parse("2026-11-27T12:00:00Z"));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** An input as the mesh gets it: the allocator's accepted fact, naming the input's coordinates. */
  void accept(Topic<?> input, String key, SpecificRecord envelope) {
    pipe(Topics.ACCEPTED_FACTS, key, new io.netledger.avro.AcceptedFact(
        new InputCoordinates(input.name(), 0, acceptedOffset++, null), envelope));
  }

  long acceptedOffset;

  <V extends SpecificRecord> void pipe(Topic<V> t, String key, V value) {
    TestInputTopic<String, V> in = driver.createInputTopic(t.name(), new StringSerializer(),
        SERDES.valueSerde(t).serializer());
    in.pipeInput(key, value);
  }

  void pipeRaw(Topic<?> t, String key, byte[] value) {
    driver.createInputTopic(t.name(), new StringSerializer(),
        (org.apache.kafka.common.serialization.Serializer<byte[]>) (topic, v) -> v).pipeInput(key, value);
  }

  static InputCoordinates cause() {
    return new InputCoordinates(Topics.CONTAINERS.name(), 0, 0L, "start-1");
  }

  static Allocation allocation(String key, AllocationKind kind, String owner, String host, String ip,
      String block, String service) {
    return Allocation.newBuilder().setNetworkId(NET).setKind(kind).setOwnerId(owner).setHostId(host)
        .setName(kind == AllocationKind.CONTAINER ? owner : null).setService(service)
        .setStack(service == null ? null : "rocket-chat")
        .setNetns(kind == AllocationKind.CONTAINER ? "ns-" + owner : null)
        .setIp(ip).setPrefixLength(16).setMac(Macs.fromIpv4(ip)).setBlockCidr(block)
        .setState(AllocationState.ALLOCATED).setSequence(0).setOccurredAt(Instant.EPOCH).setCause(cause()).build();
  }

  void seed() {
    accept(Topics.NETWORKS, NET, new NetworkEvent("n1", Instant.EPOCH, "test",
        NetworkCreated.newBuilder().setNetworkId(NET).setName(NET).setCidr("10.42.0.0/16").setVni(42).build()));
    for (String[] h : new String[][] {{"H1", "192.0.2.11"}, {"H2", "192.0.2.12"}}) {
      accept(Topics.HOSTS, h[0], new HostEvent("reg-" + h[0], Instant.EPOCH, "test",
          HostRegistered.newBuilder().setHostId(h[0]).setHostname(h[0]).setUnderlayIp(h[1]).build()));
    }
    block("H1", "10.42.0.0/26");
    pipe(Topics.ALLOCATIONS, "host/H1/managed",
        allocation("host/H1/managed", AllocationKind.HOST, "H1", "H1", "10.42.0.1", "10.42.0.0/26", null));
    pipe(Topics.ALLOCATIONS, "rocketchat-1", allocation("rocketchat-1", AllocationKind.CONTAINER,
        "rocketchat-1", "H1", "10.42.0.2", "10.42.0.0/26", "rocketchat"));
    block("H2", "10.42.0.64/26");
    pipe(Topics.ALLOCATIONS, "host/H2/managed",
        allocation("host/H2/managed", AllocationKind.HOST, "H2", "H2", "10.42.0.65", "10.42.0.64/26", null));
    pipe(Topics.ALLOCATIONS, "mongo-1", allocation("mongo-1", AllocationKind.CONTAINER,
        "mongo-1", "H2", "10.42.0.66", "10.42.0.64/26", "mongo"));
    pipe(Topics.ALLOCATIONS, "hubot-1", allocation("hubot-1", AllocationKind.CONTAINER,
        "hubot-1", "H2", "10.42.0.67", "10.42.0.64/26", "hubot"));
  }

  void block(String host, String cidr) {
    pipe(Topics.IPAM_BLOCKS, NET + "/" + cidr, new BlockAffinity(NET, cidr, host, Instant.EPOCH, cause()));
  }

  record Out(String key, int partition, HostStateSlice value) {}

  List<Out> hostState() {
    List<Out> out = new ArrayList<>();
    var deserializer = SERDES.valueSerde(Topics.HOST_STATE).deserializer();
    for (ProducerRecord<byte[], byte[]> r; (r = DriverRecords.next(driver, Topics.HOST_STATE.name())) != null; ) {
      out.add(new Out(new String(r.key(), StandardCharsets.UTF_8), r.partition(),
          deserializer.deserialize(r.topic(), r.value())));
    }
    return out;
  }

  List<Rejection> rejected() {
    return driver.createOutputTopic(Topics.REJECTED.name(), new org.apache.kafka.common.serialization.StringDeserializer(),
        SERDES.valueSerde(Topics.REJECTED).deserializer()).readValuesToList();
  }

  @Test
  void theSeedScenarioWritesEachHostsSlicesToItsPartition() {
    seed();
    List<Out> out = hostState();
    Map<String, HostStateSlice> latest = new LinkedHashMap<>();
    HostStatePartitioner partitioner = new HostStatePartitioner();
    int n = Topics.HOST_STATE.partitions();
    for (Out o : out) {
      String host = HostPartitioner.hostIdOf(o.key());
      // The driver models every topic with one partition, so the partition it records is what the
      // sink's partitioner chose for n = 1; the same partitioner at the topic's real count must
      // name the host's partition (HostPartitioningPropertyTest checks it for many ids and counts).
      assertEquals(HostPartitioner.partitionFor(host, 1), o.partition(), o.key());
      assertEquals(java.util.Optional.of(java.util.Set.of(HostPartitioner.partitionFor(host, n))),
          partitioner.partitions(Topics.HOST_STATE.name(), o.key(), o.value(), n), o.key());
      latest.put(o.key(), o.value());
    }
    // In input order; within one input (H2 joining), in key order.
    assertEquals(List.of("H1/network/managed", "H1/endpoint/rocketchat-1", "H1/peer/managed/H2",
        "H2/network/managed", "H2/peer/managed/H1", "H2/endpoint/mongo-1", "H2/endpoint/hubot-1"),
        out.stream().map(Out::key).toList());
    Peer h1OnH2 = (Peer) latest.get("H2/peer/managed/H1").getSlice();
    assertEquals("192.0.2.11", h1OnH2.getUnderlayIp());
    assertEquals(List.of("10.42.0.0/26"), h1OnH2.getBlocks());
    LocalEndpoint hubot = (LocalEndpoint) latest.get("H2/endpoint/hubot-1").getSlice();
    assertEquals("10.42.0.65", hubot.getGateway());
    HostStateSlice s = latest.get("H2/endpoint/hubot-1");
    assertEquals(Topics.ALLOCATIONS.name(), s.getCause().getTopic(), "the input, not the repartition topic");
    assertEquals("start-1", s.getCause().getEventId());
    assertEquals(4, s.getGeneration(), "H2: network, peer H1, mongo, hubot");
    assertEquals(List.of(), rejected());
  }

  @Test
  void perNetworkPeersGoOnceToNetworkPeers() {
    driver.close();
    StreamsBuilder builder = new StreamsBuilder();
    MeshTopology.buildTopology(builder, SERDES, io.netledger.mesh.state.PeerFanout.PER_NETWORK);
    topology = builder.build();
    driver = newDriver();
    seed();
    assertEquals(List.of("H1/network/managed", "H1/endpoint/rocketchat-1", "H2/network/managed",
        "H2/endpoint/mongo-1", "H2/endpoint/hubot-1"), hostState().stream().map(Out::key).toList());
    var adverts = driver.createOutputTopic(Topics.NETWORK_PEERS.name(),
        new org.apache.kafka.common.serialization.StringDeserializer(),
        SERDES.valueSerde(Topics.NETWORK_PEERS).deserializer()).readKeyValuesToList();
    assertEquals(List.of("managed/H1", "managed/H2"), adverts.stream().map(kv -> kv.key).toList());
    Peer h1 = (Peer) adverts.get(0).value.getSlice();
    assertEquals("192.0.2.11", h1.getUnderlayIp());
    assertEquals(List.of("10.42.0.0/26"), h1.getBlocks());
    assertEquals("H1", adverts.get(0).value.getHostId());
    pipe(Topics.ALLOCATIONS, "host/H1/managed", null);
    var gone = driver.createOutputTopic(Topics.NETWORK_PEERS.name(),
        new org.apache.kafka.common.serialization.StringDeserializer(),
        SERDES.valueSerde(Topics.NETWORK_PEERS).deserializer()).readKeyValuesToList();
    assertEquals(1, gone.size());
    assertEquals("managed/H1", gone.get(0).key);
    assertNull(gone.get(0).value, "H1 left: its advert is a tombstone");
    assertEquals(List.of(), rejected());
  }

  @Test
  void tombstonesGoToTheHostsPartitionToo() {
    seed();
    hostState();
    pipe(Topics.ALLOCATIONS, "host/H1/managed", null);
    List<Out> out = hostState();
    // H1 no longer takes part: its network, endpoint and peer go, and H2 forgets it.
    assertEquals(List.of("H1/endpoint/rocketchat-1", "H1/network/managed", "H1/peer/managed/H2",
        "H2/peer/managed/H1"), out.stream().map(Out::key).toList());
    HostStatePartitioner partitioner = new HostStatePartitioner();
    for (Out o : out) {
      assertNull(o.value());
      assertEquals(java.util.Optional.of(java.util.Set.of(HostPartitioner.partitionFor(
              HostPartitioner.hostIdOf(o.key()), Topics.HOST_STATE.partitions()))),
          partitioner.partitions(Topics.HOST_STATE.name(), o.key(), null, Topics.HOST_STATE.partitions()));
    }
  }

  @Test
  void inconsistentAndUndecodableInputsAreRejectedWithTheirCoordinates() {
    pipe(Topics.IPAM_BLOCKS, NET + "/10.42.0.0/26", new BlockAffinity(NET, "10.42.0.0/26", "H9", Instant.EPOCH, cause()));
    pipeRaw(Topics.ACCEPTED_FACTS, "H1", new byte[] {1, 2, 3});
    pipeRaw(Topics.ACCEPTED_FACTS, NET, null);
    pipeRaw(Topics.ALLOCATIONS, "never-held", null);
    List<Rejection> r = rejected();
    assertEquals(3, r.size(), "a tombstone of an unknown allocation is no fault; a null network event is");
    assertEquals(RejectionReason.UNDECODABLE, r.get(2).getReason());
    assertEquals(Topics.ACCEPTED_FACTS.name(), r.get(2).getInput().getTopic());
    assertEquals(RejectionReason.UNKNOWN_NETWORK, r.get(0).getReason());
    assertEquals(Topics.IPAM_BLOCKS.name(), r.get(0).getInput().getTopic());
    assertNotNull(r.get(0).getInputValue());
    assertEquals(RejectionReason.UNDECODABLE, r.get(1).getReason());
    assertEquals(Topics.ACCEPTED_FACTS.name(), r.get(1).getInput().getTopic());
    assertEquals("mesh-stream", r.get(1).getRejectedBy());
    assertTrue(hostState().isEmpty());
  }

  @Test
  void theImageStoreHoldsWhatARestartNeeds() {
    // The driver wipes its state on close, so a restart is shown by rebuilding the image the way
    // MeshProcessor.init does: from the store entries alone.
    seed();
    List<Out> out = hostState();
    List<io.netledger.mesh.state.ImageRecord> records = new ArrayList<>();
    try (var it = driver.<String, byte[]>getKeyValueStore(MeshTopology.IMAGE_STORE).all()) {
      it.forEachRemaining(kv -> records.add(ImageStore.decode(kv.key, kv.value)));
    }
    var restored = io.netledger.mesh.state.MeshImage.fromRecords(records);
    Map<String, SpecificRecord> h2 = new java.util.TreeMap<>();
    out.stream().filter(o -> o.key().startsWith("H2/")).forEach(o -> h2.put(o.key(), (SpecificRecord) o.value().getSlice()));
    assertEquals(h2, restored.hostState("H2"));
    assertEquals(4, restored.generation("H2"));
    assertEquals(5, records.stream().filter(r -> r instanceof io.netledger.mesh.state.ImageRecord.HeldAddress).count());
  }

  @Test
  void everyInternalNameIsFixed() {
    String d = topology.describe().toString();
    assertTrue(d.contains("mesh-inputs-repartition"), d);
    assertTrue(d.contains("stores: [mesh-image]"), d);
    assertTrue(d.contains("mesh-decide"), d);
    assertTrue(!d.contains("KSTREAM-"), "no generated processor names:\n" + d);
  }
}
