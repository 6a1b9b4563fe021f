package io.netledger.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.AcceptedFact;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.publish.Decision;
import io.netledger.events.publish.Published;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ?wait=decided} against a fake sink and a fake decision watch. */
class GatewayWaitTest {
  private static final String CONTAINER = new JsonObject().put("containerId", "c1").put("name", "web")
      .put("hostId", "H1").put("networkId", "managed").put("netns", "nlc-web").encode();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final AtomicReference<Optional<Decision>> next = new AtomicReference<>(Optional.empty());
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private Gateway gateway;

  private void start(DecisionWait decisions) {
    EventSink sink = (payload, eventId) -> {
      Published p = new Published("netledger.containers.v1", 4, 40 + published.size(), "c1", eventId);
      published.add(p);
      return CompletableFuture.completedFuture(p);
    };
    gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0).withWaitTimeout(Duration.ofMillis(250)), sink,
        decisions, null);
  }

  /** A watch that answers later, on its own thread, as the real one does. */
  private DecisionWait fake() {
    return new DecisionWait() {
      @Override
      public boolean ready() {
        return ready.get();
      }

      @Override
      public CompletableFuture<Optional<Decision>> await(Published at, Duration wait) {
        waits.add(wait);
        return CompletableFuture.supplyAsync(() -> next.get().map(d -> d instanceof Decision.Refused r
            ? new Decision.Refused(at, r.rejection()) : new Decision.Accepted(at, ((Decision.Accepted) d).fact(),
                ((Decision.Accepted) d).allocations())),
            CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));
      }
    };
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(CONTAINER)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Allocation allocation() {
    Allocation a = new Allocation();
    a.setNetworkId("managed");
    a.setKind(AllocationKind.CONTAINER);
    a.setOwnerId("c1");
    a.setHostId("H1");
    a.setIp("10.42.0.7");
    a.setPrefixLength(16);
    a.setState(AllocationState.ALLOCATED);
    return a;
  }

  @Test
  void acceptedIs200WithTheAddress() throws Exception {
    start(fake());
    next.set(Optional.of(new Decision.Accepted(null, new AcceptedFact(), List.of(allocation()))));
    HttpResponse<String> r = post("/v1/containers?wait=decided");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("accepted", body.getString("decision"));
    assertEquals(40, body.getLong("offset"));
    assertEquals("10.42.0.7", body.getJsonArray("allocations").getJsonObject(0).getString("ip"));
    assertEquals(List.of(Duration.ofMillis(250)), waits, "waits GatewayConfig.waitTimeout");
  }

  @Test
  void refusedIs422WithTheReason() throws Exception {
    start(fake());
    Rejection rej = new Rejection();
    rej.setReason(RejectionReason.DUPLICATE_EVENT);
    rej.setMessage("eventId e1 was decided at netledger.containers.v1/4@40");
    rej.setRejectedBy("allocator-stream");
    next.set(Optional.of(new Decision.Refused(null, rej)));
    HttpResponse<String> r = post("/v1/containers?wait=decided");
    assertEquals(422, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("refused", body.getString("decision"));
    assertEquals("DUPLICATE_EVENT", body.getString("reason"));
    assertTrue(body.getString("error").contains("4@40"), r.body());
  }

  @Test
  void noDecisionIs504NamingTheCoordinates() throws Exception {
    start(fake());
    HttpResponse<String> r = post("/v1/containers?wait=decided");
    assertEquals(504, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("none", body.getString("decision"));
    assertEquals(40, body.getLong("offset"));
    assertTrue(body.getString("error").contains("250 ms"), r.body());
  }

  @Test
  void withoutWaitItIsStill202AndNoWatchIsAsked() throws Exception {
    start(fake());
    assertEquals(202, post("/v1/containers").statusCode());
    assertTrue(waits.isEmpty());
  }

  @Test
  void aWatchNotPositionedYetRefusesBeforeTheLog() throws Exception {
    start(fake());
    ready.set(false);
    HttpResponse<String> r = post("/v1/containers?wait=decided");
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(published.isEmpty(), "nothing published");
  }

  @Test
  void badWaitValueIs400AndNoWatchIs501() throws Exception {
    start(DecisionWait.NONE);
    assertEquals(400, post("/v1/containers?wait=soon").statusCode());
    assertEquals(501, post("/v1/containers?wait=decided").statusCode());
    assertTrue(published.isEmpty());
  }
}
