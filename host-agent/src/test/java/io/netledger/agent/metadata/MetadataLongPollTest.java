package io.netledger.agent.metadata;

import static io.netledger.agent.metadata.MetadataFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server over HTTP on 127.0.0.1: mongo asks from 127.0.0.2 (managed), secret from 127.0.0.3 (other). */
class MetadataLongPollTest {
  private static final String MONGO = "127.0.0.2";
  private static final String SECRET = "127.0.0.3";
  private Vertx vertx;
  private MetadataServer server;
  private final AtomicReference<MetadataView> view = new AtomicReference<>(golden(MONGO, SECRET));
  private final List<WebClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = new MetadataServer(new MetadataConfig("127.0.0.1", 0, H2_UNDERLAY), view::get, 2, 3);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<Buffer>> send(String source, String path, String accept) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setLocalAddress(source));
    clients.add(client);
    HttpRequest<Buffer> req = client.get(server.port(), "127.0.0.1", path);
    if (accept != null) {
      req.putHeader("Accept", accept);
    }
    return req.send().toCompletionStage().toCompletableFuture();
  }

  private HttpResponse<Buffer> get(String source, String path, String accept) throws Exception {
    return send(source, path, accept).get(10, TimeUnit.SECONDS);
  }

  private void publish(MetadataDelta d) {
    view.set(d.apply());
    server.viewChanged();
  }

  @Test
  void plainTextForCurlJsonWhenAskedAndDatedVersions() throws Exception {
    HttpResponse<Buffer> text = get(MONGO, "/latest/services/hubot/containers", "*/*");
    assertEquals(200, text.statusCode());
    assertTrue(text.getHeader("content-type").startsWith("text/plain"));
    assertEquals("0=hubot-1\n1=hubot-2\n", text.bodyAsString());
    assertEquals("10.42.0.66", get(MONGO, "/2015-12-19/services/hubot/containers/0/primary_ip", "*/*").bodyAsString());
    assertEquals("[\"hubot-1\",\"hubot-2\"]",
        get(MONGO, "/2015-07-25/services/hubot/containers", "application/json").bodyAsString());
    assertEquals("2015-07-25\n2015-12-19\nlatest\n", get(MONGO, "/", "text/plain").bodyAsString());
    assertEquals(1, get(MONGO, "/latest/self/service", "application/json").bodyAsJsonObject().getInteger("scale"));
  }

  @Test
  void unknownPathsAndVersionsAre404WithAReasonInTheAskedFormat() throws Exception {
    HttpResponse<Buffer> r = get(MONGO, "/latest/containers/secret", "*/*");
    assertEquals(404, r.statusCode());
    assertEquals("no such path: /latest/containers/secret\n", r.bodyAsString());
    assertEquals(404, get(MONGO, "/2016-01-01/self", null).statusCode());
    assertTrue(get("127.0.0.1", "/latest/version", "*/*").bodyAsString().contains("not a container"));
  }

  @Test
  void aLongPollWakesOnAChangeInItsOwnNetworkOnly() throws Exception {
    String version = get(MONGO, "/latest/version", "*/*").bodyAsString();
    assertEquals("1", version);
    CompletableFuture<HttpResponse<Buffer>> mongo = send(MONGO,
        "/latest/services/hubot/scale?wait=true&value=" + version + "&maxWait=30", "*/*");
    CompletableFuture<HttpResponse<Buffer>> secret = send(SECRET, "/latest/version?wait=true&value=1&maxWait=2", "*/*");
    Thread.sleep(300);
    assertFalse(mongo.isDone());
    MetadataDelta other = new MetadataDelta(view.get());
    other.replayAllocation("c-vault-2", allocation(OTHER, "c-vault-2", "H3", "vault-2", "vault", "secrets",
        "10.43.0.9", 2, Map.of()));
    publish(other);
    Thread.sleep(300);
    assertFalse(mongo.isDone(), "a change in another network does not wake it");
    long before = System.nanoTime();
    MetadataDelta same = new MetadataDelta(view.get());
    same.replayAllocation("c-hubot-3", allocation(MANAGED, "c-hubot-3", "H1", "hubot-3", "hubot", "rocket-chat",
        "10.42.0.4", 5, Map.of()));
    publish(same);
    HttpResponse<Buffer> woke = mongo.get(5, TimeUnit.SECONDS);
    assertTrue(System.nanoTime() - before < 1_000_000_000L, "woke within 1 s");
    assertEquals("3", woke.bodyAsString());
    assertEquals("2", secret.get(5, TimeUnit.SECONDS).bodyAsString(), "secret's own network changed");
    assertEquals("2", get(MONGO, "/latest/version?wait=true&value=1", "*/*").bodyAsString(), "stale value: at once");
  }

  @Test
  void aLongPollEndsAtMaxWaitWithTheSameVersion() throws Exception {
    long before = System.nanoTime();
    HttpResponse<Buffer> r = get(MONGO, "/latest/version?wait=true&value=1&maxWait=1", "*/*");
    assertEquals("1", r.bodyAsString());
    assertTrue(System.nanoTime() - before >= 900_000_000L);
  }

  @Test
  void waitersAreBoundedAndParametersChecked() throws Exception {
    List<CompletableFuture<HttpResponse<Buffer>>> waiting = new ArrayList<>();
    waiting.add(send(MONGO, "/latest/version?wait=true&value=1&maxWait=5", "*/*"));
    waiting.add(send(MONGO, "/latest/version?wait=true&value=1&maxWait=5", "*/*"));
    Thread.sleep(300);
    HttpResponse<Buffer> third = get(MONGO, "/latest/version?wait=true&value=1&maxWait=5", "*/*");
    assertEquals(429, third.statusCode());
    assertTrue(third.bodyAsString().contains("from " + MONGO));
    waiting.add(send(SECRET, "/latest/version?wait=true&value=1&maxWait=5", "*/*"));
    Thread.sleep(300);
    HttpResponse<Buffer> all = get(SECRET, "/latest/version?wait=true&value=1&maxWait=5", "application/json");
    assertEquals(429, all.statusCode());
    assertTrue(all.bodyAsJsonObject().getString("error").contains("on this host"));
    assertEquals(400, get(MONGO, "/latest/version?wait=true", "*/*").statusCode());
    assertEquals(400, get(MONGO, "/latest/version?wait=true&value=1&maxWait=soon", "*/*").statusCode());
  }
}
