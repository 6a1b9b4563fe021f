package io.netledger.ui.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.events.http.Http1Client;
import io.netledger.ui.view.EntityIds;
import io.netledger.ui.view.InfraImage;
import io.netledger.ui.view.ViewFixtures;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server without Kafka: images are handed to it as the feed would. */
class UiServerTest {
  private final HttpClient http = Http1Client.builder(Duration.ofSeconds(5)).build();
  private UiServer ui;

  @BeforeEach
  void start() {
    ui = UiServer.start(UiConfig.loopback(0), id -> id.equals("c-mongo")
        ? new JsonObject().put("container", id).put("history", new io.vertx.core.json.JsonArray()) : null);
  }

  @AfterEach
  void stop() {
    ui.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(ui.url()).resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<script src=\"/app.js\""), page.body());
    assertTrue(page.headers().firstValue("content-security-policy").orElseThrow().contains("default-src 'self'"));
    assertEquals(200, get("/app.js").statusCode());
    assertEquals(200, get("/app.css").statusCode());
    String etag = get("/app.js").headers().firstValue("etag").orElseThrow();
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(ui.url() + "app.js"))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(304, again.statusCode());
  }

  @Test
  void badRequestsGetAReason() throws Exception {
    HttpResponse<String> missing = get("/nope");
    assertEquals(404, missing.statusCode());
    assertTrue(new JsonObject(missing.body()).getString("error").contains("/nope"));
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(ui.url() + "api/view"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
    assertTrue(new JsonObject(post.body()).getString("error").contains("read-only"));
    HttpResponse<String> bad = get("/api/containers/a%7Cb/history");
    assertEquals(400, bad.statusCode());
    assertTrue(new JsonObject(bad.body()).getString("error").contains("container id"), bad.body());
    HttpResponse<String> unknown = get("/api/containers/c-nobody/history");
    assertEquals(404, unknown.statusCode());
    assertEquals(200, get("/api/containers/c-mongo/history").statusCode());
  }

  @Test
  void aForeignHostHeaderIsRefusedOnLoopback() throws Exception {
    assertEquals("a Host header is required", new HostCheck("127.0.0.1").refuse(null));
    assertEquals(null, new HostCheck("127.0.0.1").refuse("localhost:8090"));
    assertEquals(null, new HostCheck("127.0.0.1").refuse("127.0.0.1:8090"));
    assertEquals(null, new HostCheck("127.0.0.1").refuse("[::1]:8090"));
    assertNotNull(new HostCheck("127.0.0.1").refuse("evil.example:8090"));
    assertEquals(null, new HostCheck("198.51.100.1").refuse("anything:8090"), "a real bind is reached by any name");
  }

  @Test
  void withoutAuditTheWhyRouteSaysSo() throws Exception {
    try (UiServer bare = UiServer.start(UiConfig.loopback(0), HistorySource.NONE)) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bare.url() + "api/containers/c-mongo/history")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(501, r.statusCode());
      assertTrue(new JsonObject(r.body()).getString("error").contains("audit"), r.body());
    }
  }

  @Test
  void aPortInUseFailsTheStart() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> UiServer.start(UiConfig.loopback(ui.port()), HistorySource.NONE));
    assertTrue(String.valueOf(e.getMessage()).contains("cannot listen"), String.valueOf(e.getMessage()));
  }

  @Test
  void aBrowserGetsASnapshotThenOnlyWhatChanged() throws Exception {
    InfraImage seed = ViewFixtures.seed();
    ui.changed(seed, Set.of(), true);
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(ui.url() + "events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("content-type").orElseThrow());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      JsonObject snapshot = next(in, "snapshot");
      JsonObject entities = snapshot.getJsonObject("entities");
      assertEquals("10.42.0.66", entities.getJsonObject("container:c-mongo").getString("ip"));
      assertTrue(snapshot.getBoolean("caughtUp"));
      InfraImage stopped = ViewFixtures.stop(seed, "c-hubot", "H2");
      ui.changed(stopped, Set.of(EntityIds.container("c-hubot"), EntityIds.network("managed"), EntityIds.host("H1")), true);
      JsonObject patch = next(in, "patch");
      JsonObject changes = patch.getJsonObject("changes");
      assertTrue(changes.containsKey("container:c-hubot") && changes.getValue("container:c-hubot") == null, changes.encode());
      assertEquals(2, changes.getJsonObject("network:managed").getInteger("containers"));
      assertEquals(Set.of("container:c-hubot", "network:managed"), changes.fieldNames(), "H1 renders the same: not sent");
      assertEquals(snapshot.getLong("version") + 1, patch.getLong("version"));
    }
    JsonObject view = new JsonObject(get("/api/view").body());
    assertTrue(!view.getJsonObject("entities").containsKey("container:c-hubot"));
  }

  private static JsonObject next(BufferedReader in, String event) throws Exception {
    String name = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ") && event.equals(name)) {
        return new JsonObject(line.substring(6));
      }
    }
    throw new AssertionError("stream ended before a " + event);
  }
}
