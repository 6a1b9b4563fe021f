package io.netledger.allocator.app;

import io.netledger.support.http.QueryServer;
import io.netledger.support.http.Answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.TestInputs;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.events.serde.AvroBinary;
import io.netledger.events.serde.TopicSerdes;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API over the image store of a TopologyTestDriver fed the seed scenario: answers,
 * 404s, 400s with reasons, the HTTP routes and forwarding to the owning instance.
 */
class AllocatorQueriesTest {
  static final TopicSerdes SERDES = AvroBinary.topicSerdes();

  @TempDir
  Path stateDir;
  TopologyTestDriver driver;
  final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
  final TestInputs in = new TestInputs();
  AllocatorQueries q;

  @BeforeEach
  void setUp() throws Exception {
    StreamsBuilder b = new StreamsBuilder();
    AllocatorTopology.buildTopology(b, AllocatorConfig.DEFAULT, SERDES);
    Properties p = AllocatorTopology.streamsConfig("allocator-query-test", "127.0.0.1:9");
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
    driver = new TopologyTestDriver(b.build(), p);
    for (Topic<?> t : Topics.inputs()) {
      inputs.put(t.name(), driver.createInputTopic(t.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer()));
    }
    pipe(in.networkCreated(TestInputs.network("managed", "10.42.0.0/16", 26, "10.42.0.5")));
    pipe(in.hostRegistered("H1"));
    pipe(in.hostRegistered("H2"));
    pipe(in.started(TestInputs.container("c-rocketchat", "rocketchat-1", "rocketchat", "rocket-chat", "H1", "managed")));
    pipe(in.started(TestInputs.container("c-mongo", "mongo-1", "mongo", "rocket-chat", "H2", "managed")));
    pipe(in.started(TestInputs.container("c-hubot", "hubot-1", "hubot", "rocket-chat", "H2", "managed")));
    q = new AllocatorQueries(() -> driver.getKeyValueStore(AllocatorTopology.IMAGE_STORE));
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void pipe(InputEvent e) {
    inputs.get(e.cause().getTopic()).pipeInput(e.key(), AvroBinary.encode(e.envelope()), e.occurredAt());
  }

  @Test
  void allocationOfAKnownContainer() {
    Answer a = q.allocation("c-mongo");
    assertEquals(200, a.status(), a.body().encode());
    assertEquals("ALLOCATED", a.body().getString("state"));
    assertEquals("H2", a.body().getString("hostId"));
    assertEquals(Topics.CONTAINERS.name(), a.body().getJsonObject("cause").getString("topic"));
  }

  @Test
  void releasedAllocationStaysQueryable() {
    pipe(in.stopped("c-hubot"));
    assertEquals("RELEASED", q.allocation("c-hubot").body().getString("state"));
  }

  @Test
  void unknownAndMalformedKeys() {
    assertEquals(404, q.allocation("nobody").status());
    Answer bad = q.allocation("a b");
    assertEquals(400, bad.status());
    assertTrue(bad.body().getString("error").contains("containerId"));
    assertEquals(400, q.address("managed", "10.42.0.300").status());
    assertEquals(400, q.address("managed", "192.168.1.1").status());
    assertEquals(404, q.address("nonet", "10.42.0.1").status());
    assertEquals(404, q.usage("nonet").status());
    assertEquals(400, q.dns("managed", "under_score.bad").status());
    assertEquals(404, q.dns("managed", "nosuch.name").status());
  }

  @Test
  void addressHolderAndFreeOrReserved() {
    String ip = q.allocation("c-rocketchat").body().getString("ip");
    Answer a = q.address("managed", ip);
    assertEquals(200, a.status());
    assertEquals("c-rocketchat", a.body().getString("holder"));
    assertTrue(q.address("managed", "10.42.200.1").body().getString("error").contains("(free)"));
    assertTrue(q.address("managed", "10.42.0.5").body().getString("error").contains("(reserved)"));
  }

  @Test
  void usageCountsBlocksHostsAndFree() {
    JsonObject u = q.usage("managed").body();
    assertEquals(65536 - 2 - 1, u.getLong("usable"));
    assertEquals(5, u.getInteger("held")); // three containers and two host addresses
    assertEquals(u.getLong("usable") - 5, u.getLong("free"));
    assertEquals(2, u.getJsonArray("blocks").size());
    JsonObject h2 = u.getJsonArray("hosts").getJsonObject(1);
    assertEquals("H2", h2.getString("hostId"));
    assertEquals(2, h2.getInteger("containers"));
  }

  @Test
  void dnsRecordByName() {
    String fqdn = q.allocations().isEmpty() ? null : firstDnsName();
    Answer a = q.dns("managed", fqdn.toUpperCase() + ".");
    assertEquals(200, a.status(), a.body().encode());
    assertEquals(fqdn, a.body().getString("fqdn"));
  }

  private String firstDnsName() {
    try (var it = driver.<String, byte[]>getKeyValueStore(AllocatorTopology.IMAGE_STORE)
        .prefixScan(Topics.DNS_RECORDS.name() + "|managed/", Serdes.String().serializer())) {
      return it.next().key.substring((Topics.DNS_RECORDS.name() + "|managed/").length());
    }
  }

  @Test
  void httpRoutesAnswerAndForwardToTheOwner() {
    Vertx vertx = Vertx.vertx();
    try {
      PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      QueryServer owner = new QueryServer("127.0.0.1", 0, reg, s -> AllocatorApp.routes(s, q));
      vertx.deployVerticle(owner).await();
      // A second instance whose store would fail: every answer must come from the owner.
      AllocatorQueries broken = new AllocatorQueries(() -> {
        throw new IllegalStateException("not the owner");
      });
      QueryServer other = new QueryServer("127.0.0.1", 0, reg, s -> AllocatorApp.routes(s, broken));
      vertx.deployVerticle(other).await();
      other.owners(key -> new HostInfo("127.0.0.1", owner.actualPort()));
      WebClient web = WebClient.create(vertx);
      for (QueryServer s : new QueryServer[] {owner, other}) {
        HttpResponse<Buffer> r = web.get(s.actualPort(), "127.0.0.1", "/v1/allocations/c-mongo").send().await();
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.getHeader("content-type"));
        assertEquals("H2", r.bodyAsJsonObject().getString("hostId"));
        assertEquals(404, web.get(s.actualPort(), "127.0.0.1", "/v1/allocations/ghost").send().await().statusCode());
        assertEquals(200, web.get(s.actualPort(), "127.0.0.1", "/v1/networks/managed/usage").send().await()
            .statusCode());
      }
      HttpResponse<Buffer> bad = web.get(other.actualPort(), "127.0.0.1", "/v1/networks/managed/addresses/x.y")
          .send().await();
      assertEquals(400, bad.statusCode());
      assertTrue(bad.bodyAsJsonObject().getString("error").contains("IPv4"));
      assertEquals(404, web.get(owner.actualPort(), "127.0.0.1", "/v2/nothing").send().await().statusCode());
      assertEquals(200, web.get(owner.actualPort(), "127.0.0.1", "/metrics").send().await().statusCode());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aTakenPortFailsTheDeployment() {
    Vertx vertx = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      QueryServer first = new QueryServer("127.0.0.1", 0, reg, s -> AllocatorApp.routes(s, q));
      vertx.deployVerticle(first).await();
      QueryServer clash = new QueryServer("127.0.0.1", first.actualPort(), reg, s -> AllocatorApp.routes(s, q));
      assertThrows(Exception.class, () -> second.deployVerticle(clash).await());
    } finally {
      second.close().await();
      vertx.close().await();
    }
  }
}
