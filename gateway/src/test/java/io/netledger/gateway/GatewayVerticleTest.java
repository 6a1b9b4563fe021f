package io.netledger.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.ContainerStarted;
import io.netledger.avro.NetworkDeleted;
import io.netledger.events.publish.PublishException;
import io.netledger.events.publish.Published;
import io.netledger.events.validate.EventValidator;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's HTTP contract against a fake sink that records, or fails like a broker that is down. */
class GatewayVerticleTest {
  private final List<SpecificRecord> published = new CopyOnWriteArrayList<>();
  private final List<String> eventIds = new CopyOnWriteArrayList<>();
  private final AtomicBoolean brokerDown = new AtomicBoolean();
  private final AtomicBoolean neverAcks = new AtomicBoolean();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Gateway gateway;

  private static final String CONTAINER = new JsonObject().put("containerId", "c1").put("name", "web")
      .put("hostId", "H1").put("networkId", "managed").put("netns", "nlc-web")
      .put("aliases", List.of("www")).put("labels", new JsonObject().put("k", "v")).encode();

  @BeforeEach
  void start() {
    EventSink sink = (payload, eventId) -> {
      if (brokerDown.get()) {
        return CompletableFuture.failedFuture(new PublishException("the broker at 127.0.0.1:1 did not acknowledge", null));
      }
      if (neverAcks.get()) {
        return new CompletableFuture<>();
      }
      EventValidator.validate(payload);
      published.add(payload);
      eventIds.add(eventId);
      return CompletableFuture.completedFuture(new Published("netledger.containers.v1", 0, published.size() - 1, "k", eventId));
    };
    gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0).withBodyLimit(4096)
        .withAckTimeout(Duration.ofMillis(300)), sink, null);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    // A timeout on every request: a test that waits forever tells nobody what went wrong.
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send("POST", path, body, all);
  }

  @Test
  void acceptedEventAnswers202WithCoordinates() throws Exception {
    HttpResponse<String> r = post("/v1/containers", CONTAINER);
    assertEquals(202, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("netledger.containers.v1", body.getString("topic"));
    assertEquals(0L, body.getLong("offset"));
    ContainerStarted e = (ContainerStarted) published.get(0);
    assertEquals(List.of("www"), e.getAliases());
    assertEquals("v", e.getLabels().get("k"));
  }

  @Test
  void aNetworkIsEncryptedWithEgressUnlessTheBodySaysOtherwise() throws Exception {
    JsonObject net = new JsonObject().put("networkId", "n").put("name", "n").put("cidr", "10.42.0.0/16").put("vni", 42);
    assertEquals(202, post("/v1/networks", net.encode()).statusCode());
    io.netledger.avro.NetworkCreated plain = (io.netledger.avro.NetworkCreated) published.get(0);
    assertEquals(io.netledger.avro.Encryption.IPSEC, plain.getEncryption(), "secure by default");
    assertTrue(plain.getNatOutgoing());
    assertEquals(202, post("/v1/networks", net.copy().put("encryption", "NONE").put("natOutgoing", false).encode())
        .statusCode());
    io.netledger.avro.NetworkCreated optedOut = (io.netledger.avro.NetworkCreated) published.get(1);
    assertEquals(io.netledger.avro.Encryption.NONE, optedOut.getEncryption());
    assertFalse(optedOut.getNatOutgoing());
    HttpResponse<String> bad = post("/v1/networks", net.copy().put("natOutgoing", "sometimes").encode());
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("\"field\":\"natOutgoing\""), bad.body());
  }

  @Test
  void publishedPortsAreDecodedWithDefaultsAndBadOnesNamed() throws Exception {
    JsonObject c = new JsonObject(CONTAINER).put("ports", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("hostPort", 3000).put("containerPort", 3000))
        .add(new JsonObject().put("hostIp", "192.0.2.11").put("hostPort", 53).put("containerPort", 53)
            .put("protocol", "udp")));
    assertEquals(202, post("/v1/containers", c.encode()).statusCode());
    ContainerStarted e = (ContainerStarted) published.get(0);
    assertEquals(List.of(new io.netledger.avro.PortMapping(null, 3000, 3000, io.netledger.avro.PortProtocol.TCP),
        new io.netledger.avro.PortMapping("192.0.2.11", 53, 53, io.netledger.avro.PortProtocol.UDP)), e.getPorts());
    for (String[] bad : new String[][] {
        {"{\"hostPort\": 0, \"containerPort\": 80}", "ports.hostPort"},
        {"{\"hostPort\": 80, \"containerPort\": 65536}", "ports.containerPort"},
        {"{\"hostPort\": 80, \"containerPort\": 80, \"protocol\": \"sctp\"}", "ports[0].protocol"},
        {"{\"hostPort\": 80}", "ports[0].containerPort"},
        {"{\"hostPort\": 80, \"containerPort\": 80, \"colour\": 1}", "ports[0].colour"},
        {"80", "ports[0]"}}) {
      HttpResponse<String> r = post("/v1/containers", new JsonObject(CONTAINER)
          .put("ports", new io.vertx.core.json.JsonArray("[" + bad[0] + "]")).encode());
      assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
      assertTrue(r.body().contains("\"field\":\"" + bad[1] + "\""), bad[0] + ": " + r.body());
    }
    assertEquals(1, published.size());
  }

  @Test
  void invalidBodyNamesEachFieldAndRule() throws Exception {
    String bad = new JsonObject().put("containerId", "c1").put("name", "Not A Label!").put("hostId", "H1")
        .put("networkId", "managed").put("netns", "nlc-web").put("requestedIp", "10.42.0.300").put("colour", "red").encode();
    HttpResponse<String> r = post("/v1/containers", bad);
    assertEquals(400, r.statusCode());
    String body = r.body();
    assertTrue(body.contains("\"field\":\"colour\"") && body.contains("is not a field"), body);
    r = post("/v1/containers", new JsonObject(bad).put("colour", null).encode().replace(",\"colour\":null", ""));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("\"field\":\"name\"") && r.body().contains("\"field\":\"requestedIp\""), r.body());
    r = post("/v1/networks", new JsonObject().put("networkId", "n").put("vni", "seven").encode());
    assertTrue(r.body().contains("\"field\":\"vni\"") && r.body().contains("must be an integer"), r.body());
    assertTrue(published.isEmpty());
    assertFalse(r.body().contains("Exception"), r.body());
  }

  @Test
  void malformedRequestsGetClearStatuses() throws Exception {
    assertEquals(415, send("POST", "/v1/containers", CONTAINER, "Content-Type", "text/plain").statusCode());
    assertEquals(400, post("/v1/containers", "{not json").statusCode());
    assertEquals(400, post("/v1/containers", "[1,2]").statusCode());
    assertEquals(413, post("/v1/containers", "{\"name\":\"" + "x".repeat(5000) + "\"}").statusCode());
    HttpResponse<String> r = send("GET", "/v1/nope", null);
    assertEquals(404, r.statusCode());
    assertTrue(r.body().startsWith("{\"error\""), r.body());
    assertEquals(400, post("/v1/containers", CONTAINER, "Idempotency-Key", " ").statusCode());
  }

  @Test
  void pathIdsBecomeTheEvent() throws Exception {
    HttpResponse<String> r = send("DELETE", "/v1/networks/managed", null);
    assertEquals(202, r.statusCode(), r.body());
    assertEquals("managed", ((NetworkDeleted) published.get(0)).getNetworkId());
    assertEquals(400, post("/v1/containers/c1/stop", "{\"containerId\":\"c2\"}").statusCode());
  }

  @Test
  void idempotencyKeyPublishesOnceAndRefusesAnotherRequest() throws Exception {
    HttpResponse<String> a = post("/v1/containers", CONTAINER, "Idempotency-Key", "k-1");
    HttpResponse<String> b = post("/v1/containers", CONTAINER, "Idempotency-Key", "k-1");
    assertEquals(202, a.statusCode());
    assertEquals(202, b.statusCode());
    assertEquals(a.body(), b.body());
    assertEquals("true", b.headers().firstValue("Idempotent-Replayed").orElse(""));
    assertEquals(1, published.size());
    assertEquals("k-1", eventIds.get(0));
    String other = new JsonObject(CONTAINER).put("name", "db").encode();
    assertEquals(422, post("/v1/containers", other, "Idempotency-Key", "k-1").statusCode());
  }

  @Test
  void brokerDownIs503AndARetryPublishes() throws Exception {
    brokerDown.set(true);
    HttpResponse<String> r = post("/v1/containers", CONTAINER, "Idempotency-Key", "k-2");
    assertEquals(503, r.statusCode());
    assertTrue(r.body().contains("did not acknowledge"), r.body());
    assertFalse(r.body().contains("\tat "), r.body());
    brokerDown.set(false);
    assertEquals(202, post("/v1/containers", CONTAINER, "Idempotency-Key", "k-2").statusCode());
    assertEquals(1, published.size());
  }

  @Test
  void noAcknowledgementInTimeIs503() throws Exception {
    neverAcks.set(true);
    HttpResponse<String> r = post("/v1/containers", CONTAINER);
    assertEquals(503, r.statusCode());
    assertTrue(r.body().contains("no acknowledgement within 300 ms"), r.body());
    // The record may still be written after the timeout: never "nothing was accepted".
    assertTrue(r.body().contains("the outcome is unknown"), r.body());
    assertTrue(r.body().contains("retry with the same Idempotency-Key"), r.body());
    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
  }

  @Test
  void beyondMaxInFlightRequestsAreShedAt503AtOnce() throws Exception {
    List<CompletableFuture<Published>> pending = new CopyOnWriteArrayList<>();
    Gateway small = Gateway.start(GatewayConfig.of("127.0.0.1", 0).withAckTimeout(Duration.ofSeconds(30))
        .withMaxInFlight(2), (payload, eventId) -> {
          CompletableFuture<Published> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        }, null);
    try {
      URI uri = URI.create("http://127.0.0.1:" + small.port() + "/v1/containers");
      List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String body = new JsonObject(CONTAINER).put("containerId", "c" + i).encode();
        waiting.add(http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (pending.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      HttpResponse<String> shed = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(CONTAINER)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(503, shed.statusCode());
      assertTrue(shed.body().contains("overloaded"), shed.body());
      assertEquals("1", shed.headers().firstValue("Retry-After").orElse(null));
      assertEquals(2, pending.size(), "the shed request never reached the log");
      for (int i = 0; i < pending.size(); i++) {
        pending.get(i).complete(new Published("netledger.containers.v1", 0, i, "k", "e" + i));
      }
      for (CompletableFuture<HttpResponse<String>> w : waiting) {
        assertEquals(202, w.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode());
      }
      // Capacity is back once acknowledged.
      CompletableFuture<HttpResponse<String>> again = http.sendAsync(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CONTAINER)).build(),
          HttpResponse.BodyHandlers.ofString());
      while (pending.size() < 3 && System.nanoTime() < deadline + Duration.ofSeconds(10).toNanos()) {
        Thread.sleep(10);
      }
      pending.get(2).complete(new Published("netledger.containers.v1", 0, 2, "k", "e2"));
      assertEquals(202, again.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode());
    } finally {
      small.close();
    }
  }

  @Test
  void servesOpenApiAndMetrics() throws Exception {
    HttpResponse<String> api = send("GET", "/openapi.json", null);
    assertEquals(200, api.statusCode());
    JsonObject doc = new JsonObject(api.body());
    assertTrue(doc.getJsonObject("paths").containsKey("/v1/containers"));
    post("/v1/containers", CONTAINER);
    String metrics = send("GET", "/metrics", null).body();
    assertTrue(metrics.contains("netledger_gateway_accepted_total{event=\"ContainerStarted\"} 1.0"), metrics);
  }

  @Test
  void openApiRequiresExactlyTheFieldsWithoutDefaults() {
    JsonObject schemas = new JsonObject(GatewayVerticle.openApiDocument()).getJsonObject("components").getJsonObject("schemas");
    for (org.apache.avro.Schema s : List.of(ContainerStarted.SCHEMA$, io.netledger.avro.NetworkCreated.SCHEMA$,
        io.netledger.avro.HostRegistered.SCHEMA$)) {
      JsonObject doc = schemas.getJsonObject(s.getName());
      assertEquals(s.getFields().stream().map(org.apache.avro.Schema.Field::name).sorted().toList(),
          doc.getJsonObject("properties").fieldNames().stream().sorted().toList(), s.getName() + ": regenerate openapi.json");
      assertEquals(s.getFields().stream().filter(f -> !f.hasDefaultValue()).map(org.apache.avro.Schema.Field::name).toList(),
          doc.getJsonArray("required").getList(), s.getName());
    }
  }
}
