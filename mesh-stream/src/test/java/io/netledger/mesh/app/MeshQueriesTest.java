package io.netledger.mesh.app;

import io.netledger.support.http.QueryServer;
import io.netledger.support.http.Answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.net.Macs;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.events.serde.AvroBinary;
import io.netledger.mesh.topology.MeshTopology;
import io.netledger.events.serde.TopicSerdes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mesh's query API over a TopologyTestDriver's store: two peering hosts, one isolated, HTTP and forwarding. */
class MeshQueriesTest {
  static final TopicSerdes SERDES = AvroBinary.topicSerdes();

  @TempDir
  Path stateDir;
  TopologyTestDriver driver;
  MeshQueries q;

  @BeforeEach
  void start() {
    StreamsBuilder builder = new StreamsBuilder();
    MeshTopology.buildTopology(builder, SERDES);
    driver = new TopologyTestDriver(builder.build(), MeshTopology.streamsConfig("127.0.0.1:9", stateDir.toString()));
    network("managed", "10.42.0.0/16", 42);
    network("other", "10.43.0.0/16", 43);
    host("H1", "192.0.2.11");
    host("H2", "192.0.2.12");
    host("H3", "192.0.2.13");
    container("managed", "H1", "c1", "10.42.0.1", "10.42.0.2", "10.42.0.0/26");
    container("managed", "H2", "c2", "10.42.0.65", "10.42.0.66", "10.42.0.64/26");
    container("other", "H3", "c3", "10.43.0.1", "10.43.0.2", "10.43.0.0/26");
    q = new MeshQueries(() -> driver.getKeyValueStore(MeshTopology.IMAGE_STORE));
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
    driver.createInputTopic(t.name(), new StringSerializer(), SERDES.valueSerde(t).serializer()).pipeInput(key, value);
  }

  void network(String id, String cidr, int vni) {
    accept(Topics.NETWORKS, id, new NetworkEvent("n-" + id, Instant.EPOCH, "test",
        NetworkCreated.newBuilder().setNetworkId(id).setName(id).setCidr(cidr).setVni(vni).build()));
  }

  void host(String id, String underlay) {
    accept(Topics.HOSTS, id, new HostEvent("reg-" + id, Instant.EPOCH, "test",
        HostRegistered.newBuilder().setHostId(id).setHostname(id).setUnderlayIp(underlay).build()));
  }

  void container(String net, String host, String id, String hostIp, String ip, String block) {
    InputCoordinates cause = new InputCoordinates(Topics.CONTAINERS.name(), 0, 0L, "start-" + id);
    pipe(Topics.IPAM_BLOCKS, net + "/" + block, new BlockAffinity(net, block, host, Instant.EPOCH, cause));
    pipe(Topics.ALLOCATIONS, "host/" + host + "/" + net, alloc(net, AllocationKind.HOST, host, host, hostIp, block, cause));
    pipe(Topics.ALLOCATIONS, id, alloc(net, AllocationKind.CONTAINER, id, host, ip, block, cause));
  }

  static Allocation alloc(String net, AllocationKind kind, String owner, String host, String ip, String block,
      InputCoordinates cause) {
    return Allocation.newBuilder().setNetworkId(net).setKind(kind).setOwnerId(owner).setHostId(host)
        .setName(kind == AllocationKind.CONTAINER ? owner : null)
        .setNetns(kind == AllocationKind.CONTAINER ? "ns-" + owner : null)
        .setIp(ip).setPrefixLength(16).setMac(Macs.fromIpv4(ip)).setBlockCidr(block)
        .setState(AllocationState.ALLOCATED).setSequence(0).setOccurredAt(Instant.EPOCH).setCause(cause).build();
  }

  @Test
  void peersAreTheOtherHostsOfSharedNetworksOnly() {
    JsonObject h1 = q.peers("H1").body();
    assertEquals(1, h1.getJsonArray("peers").size(), h1.encode());
    JsonObject p = h1.getJsonArray("peers").getJsonObject(0);
    assertEquals("H2", p.getString("hostId"));
    assertEquals("192.0.2.12", p.getString("underlayIp"));
    assertEquals("10.42.0.64/26", p.getJsonArray("blocks").getString(0));
    assertEquals(0, q.peers("H3").body().getJsonArray("peers").size());
  }

  @Test
  void stateHoldsEverySliceWithItsType() {
    Answer a = q.state("H1");
    assertEquals(200, a.status());
    JsonObject slices = a.body().getJsonObject("slices");
    assertTrue(slices.stream().anyMatch(e -> ((JsonObject) e.getValue()).getString("type").equals("LocalEndpoint")),
        slices.encode());
    assertTrue(slices.stream().anyMatch(e -> ((JsonObject) e.getValue()).getString("type").equals("NetworkOnHost")));
    assertTrue(a.body().getLong("generation") > 0);
    assertEquals(3, q.hostCount());
  }

  @Test
  void unknownAndMalformedHosts() {
    assertEquals(404, q.state("H9").status());
    assertEquals(404, q.peers("H9").status());
    assertEquals(400, q.peers("a b").status());
    assertTrue(q.state("").body().getString("error").contains("hostId"));
  }

  @Test
  void httpRoutesAnswerAndForwardToTheOwner() {
    Vertx vertx = Vertx.vertx();
    try {
      PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      QueryServer owner = new QueryServer("127.0.0.1", 0, reg, s -> MeshApp.routes(s, q));
      vertx.deployVerticle(owner).await();
      MeshQueries broken = new MeshQueries(() -> {
        throw new IllegalStateException("not the owner");
      });
      QueryServer other = new QueryServer("127.0.0.1", 0, reg, s -> MeshApp.routes(s, broken));
      vertx.deployVerticle(other).await();
      other.owners(key -> new HostInfo("127.0.0.1", owner.actualPort()));
      WebClient web = WebClient.create(vertx);
      for (QueryServer s : new QueryServer[] {owner, other}) {
        HttpResponse<Buffer> r = web.get(s.actualPort(), "127.0.0.1", "/v1/hosts/H2/peers").send().await();
        assertEquals(200, r.statusCode());
        assertEquals("H1", r.bodyAsJsonObject().getJsonArray("peers").getJsonObject(0).getString("hostId"));
        assertEquals(404, web.get(s.actualPort(), "127.0.0.1", "/v1/hosts/nope/state").send().await().statusCode());
      }
      assertEquals(200, web.get(owner.actualPort(), "127.0.0.1", "/metrics").send().await().statusCode());
    } finally {
      vertx.close().await();
    }
  }
}
