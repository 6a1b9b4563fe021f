package io.netledger.it.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.devcluster.DevCluster;
import io.netledger.devcluster.demo.LogReader;
import io.netledger.gateway.EventSink;
import io.netledger.gateway.Gateway;
import io.netledger.gateway.GatewayConfig;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway with the real EventPublisher: 202 means the record is on the log; a dead broker is 503. */
@ExtendWith(SharedCluster.class)
class GatewayKafkaTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> post(int port, String body, String key) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/containers"))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptedMeansOnTheLogOnceEvenWhenRetried() throws Exception {
    DevCluster cluster = SharedCluster.cluster();
    EventPublisher publisher = EventPublisher.create(PublisherConfig.of(cluster.bootstrapServers(),
        cluster.registryUrl(), "gateway-it"));
    String id = "gw-" + System.nanoTime();
    String body = new JsonObject().put("containerId", id).put("name", "web").put("hostId", "H9")
        .put("networkId", "managed").put("netns", "ns-" + id).encode();
    try (Gateway g = Gateway.start(GatewayConfig.of("127.0.0.1", 0), EventSink.of(publisher), publisher)) {
      HttpResponse<String> first = post(g.port(), body, "key-" + id);
      HttpResponse<String> retry = post(g.port(), body, "key-" + id);
      assertEquals(202, first.statusCode(), first.body());
      assertEquals(first.body(), retry.body());
      JsonObject at = new JsonObject(first.body());
      AtomicReference<ContainerEvent> found = new AtomicReference<>();
      int[] copies = {0};
      LogReader.readAll(cluster.bootstrapServers(), cluster.registryUrl(), List.of(Topics.CONTAINERS),
          (t, p, o, key, value) -> {
            if (id.equals(key)) {
              copies[0]++;
              if (p == at.getInteger("partition") && o == at.getLong("offset")) {
                found.set((ContainerEvent) value);
              }
            }
          });
      assertEquals(1, copies[0], "one event on the log for two requests with the same key");
      assertEquals("key-" + id, found.get().getEventId());
      assertEquals("web", ((ContainerStarted) found.get().getPayload()).getName());
    }
  }

  @Test
  void deadBrokerIs503NotAccepted() throws Exception {
    DevCluster cluster = SharedCluster.cluster();
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    EventPublisher publisher = EventPublisher.create(PublisherConfig.of("127.0.0.1:" + dead, cluster.registryUrl(),
        "gateway-it").withTimeout(Duration.ofSeconds(2)));
    try (Gateway g = Gateway.start(GatewayConfig.of("127.0.0.1", 0).withAckTimeout(Duration.ofSeconds(3)),
        EventSink.of(publisher), publisher)) {
      String body = new JsonObject().put("containerId", "gw-dead").put("name", "web").put("hostId", "H9")
          .put("networkId", "managed").put("netns", "ns-dead").encode();
      HttpResponse<String> r = post(g.port(), body, "dead-" + System.nanoTime());
      assertEquals(503, r.statusCode(), r.body());
      assertTrue(r.body().contains("did not acknowledge"), r.body());
    }
  }
}
