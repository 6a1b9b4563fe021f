package io.netledger.agent.metadata;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.agent.dns.DnsView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API on 127.0.0.1, asked from 127.0.0.2 (a container of {@code managed}) and 127.0.0.1 (no container). */
class MetadataServerTest {
  private Vertx vertx;
  private MetadataServer server;
  private final DnsView view = seed("127.0.0.2", "127.0.0.3");

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = new MetadataServer(new MetadataConfig("127.0.0.1", 0, "192.0.2.12"), () -> view);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String source, String path) throws Exception {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setLocalAddress(source));
    try {
      return client.get(server.port(), "127.0.0.1", path).send()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  @Test
  void selfContainerIsTheAskersEndpoint() throws Exception {
    HttpResponse<Buffer> r = get("127.0.0.2", "/latest/self/container");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.getHeader("content-type"));
    JsonObject c = r.bodyAsJsonObject();
    assertEquals("c-mongo", c.getString("containerId"));
    assertEquals("rocket-chat", c.getString("stack"));
    assertEquals(MANAGED, c.getString("networkId"));
    assertEquals("127.0.0.2", c.getString("ip"));
    assertEquals(HOST, c.getString("hostId"));
    assertEquals(DOMAIN, c.getString("dnsDomain"));
    assertEquals("ops", get("127.0.0.3", "/latest/self/container").bodyAsJsonObject().getString("name"));
  }

  @Test
  void selfHostListsTheHostAndOnlyTheAskersNetwork() throws Exception {
    JsonObject h = get("127.0.0.2", "/latest/self/host").bodyAsJsonObject();
    assertEquals(HOST, h.getString("hostId"));
    assertEquals("192.0.2.12", h.getString("underlayIp"));
    // The host is in two networks; the asker is in MANAGED and sees nothing of the other.
    assertEquals(1, h.getJsonArray("networks").size(), h.encode());
    assertEquals(MANAGED, h.getJsonArray("networks").getJsonObject(0).getString("networkId"));
  }

  @Test
  void unknownSourceAndUnknownPathAre404WithAReason() throws Exception {
    HttpResponse<Buffer> r = get("127.0.0.1", "/latest/self/container");
    assertEquals(404, r.statusCode());
    assertEquals("127.0.0.1", r.bodyAsJsonObject().getString("source"));
    assertTrue(r.bodyAsJsonObject().getString("error").contains("not a container"));
    assertEquals(404, get("127.0.0.1", "/latest/self/host").statusCode());
    HttpResponse<Buffer> path = get("127.0.0.2", "/latest/nothing");
    assertEquals(404, path.statusCode());
    assertTrue(path.bodyAsJsonObject().getString("error").contains("no such path"));
  }

  @Test
  void forwardedForHeadersAreNotBelieved() throws Exception {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.1"));
    try {
      HttpResponse<Buffer> r = client.get(server.port(), "127.0.0.1", "/latest/self/container")
          .putHeader("X-Forwarded-For", "127.0.0.2").send()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(404, r.statusCode());
    } finally {
      client.close();
    }
  }

  @Test
  void deploymentFailsWhenThePortIsTaken() throws Exception {
    // A fresh Vert.x instance: within one, verticles share a listening port instead of failing.
    Vertx other = Vertx.vertx();
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      MetadataServer third = new MetadataServer(new MetadataConfig("127.0.0.1", taken.getLocalPort(), "x"), () -> view);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> other.deployVerticle(third).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("cannot listen"), e.getCause().getMessage());
    } finally {
      other.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
