package io.netledger.agent.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.agent.ipsec.TestPki;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.PortMapping;
import io.netledger.avro.PortProtocol;
import io.netledger.events.security.Principal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's gateway client: who it speaks as, the JSON it sends, and that no gateway never means a hang. */
class GatewayClientTest {
  @TempDir
  static Path dir;
  private static Path h1;

  private static final ContainerStarted STARTED = ContainerStarted.newBuilder().setContainerId("c1").setName("web")
      .setHostId("H1").setNetworkId("managed").setNetns("/run/netns/x").setLabels(Map.of("k", "v"))
      .setPorts(List.of(new PortMapping(null, 3000, 3000, PortProtocol.TCP))).build();

  @BeforeAll
  static void credentials() {
    assumeTrue(TestPki.unavailable() == null, TestPki.unavailable());
    h1 = new TestPki(dir).issue("H1", Principal.host("H1"));
  }

  @Test
  void speaksAsThePrincipalOfItsCertificate() {
    assertEquals(Principal.host("H1"), GatewayClient.create(URI.create("https://127.0.0.1:1"), h1,
        Duration.ofSeconds(1)).principal());
  }

  @Test
  void aCertificateOutsideTheCasNamingIsRefusedAtStart() {
    Path odd = new TestPki(mkdirs(dir.resolve("odd"))).issue("odd", "h1.netledger");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GatewayClient.create(URI.create("https://127.0.0.1:1"), odd, Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("names no netledger principal"), e.getMessage());
  }

  private static Path mkdirs(Path p) {
    try {
      return java.nio.file.Files.createDirectories(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void encodesTheRecordAsTheGatewayReadsIt() {
    ObjectNode json = GatewayClient.encode(STARTED);
    assertEquals("H1", json.get("hostId").asText());
    assertEquals("v", json.get("labels").get("k").asText());
    assertEquals("TCP", json.get("ports").get(0).get("protocol").asText());
    assertTrue(json.get("ports").get(0).get("hostIp").isNull());
  }

  @Test
  void anUnreachableGatewayIsAnErrorAtOnce() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    GatewayClient c = GatewayClient.create(URI.create("https://127.0.0.1:" + closed), h1, Duration.ofSeconds(2));
    long t0 = System.nanoTime();
    GatewayException e = assertThrows(GatewayException.class, () -> c.publish(STARTED));
    assertEquals(0, e.status());
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
  }

  @Test
  void aGatewayThatNeverAnswersIsATimeoutNotAHang() throws Exception {
    // Accepts TCP and then says nothing, not even the TLS handshake.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> {
        try (Socket s = silent.accept()) {
          Thread.sleep(10_000);
        } catch (Exception done) {
          // closed by the test
        }
      });
      accept.setDaemon(true);
      accept.start();
      GatewayClient c = GatewayClient.create(URI.create("https://127.0.0.1:" + silent.getLocalPort()), h1,
          Duration.ofMillis(800));
      long t0 = System.nanoTime();
      GatewayException e = assertThrows(GatewayException.class, () -> c.publish(STARTED));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(0, e.status());
      assertTrue(ms < 5_000, "answered after " + ms + " ms: " + e.getMessage());
    }
  }
}
