package io.netledger.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.ContainerStarted;
import io.netledger.events.publish.Published;
import io.netledger.events.security.PemTls;
import io.netledger.events.security.Principal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway over HTTPS with client certificates: 401 without one, a handshake failure with
 * another CA's, 403 naming principal and permission for what {@link Admission} refuses (nothing
 * reaches the sink), 202 for a host's own container, Idempotency-Keys per principal.
 */
class GatewayTlsTest {
  @TempDir
  static Path dir;
  private static TestCa ca;
  private static Gateway gateway;
  private static final List<SpecificRecord> published = new CopyOnWriteArrayList<>();
  private static final List<String> eventIds = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    ca = new TestCa(dir.resolve("ca"), "netledger test CA");
    ca.issue("gateway", Principal.component("gateway"));
    for (Principal p : List.of(Principal.host("H1"), Principal.host("H2"), Principal.orchestrator("rancher"))) {
      ca.issue(p.kafkaUser(), p);
    }
    ca.issue("stranger", "/O=elsewhere/CN=H1");
    EventSink sink = (payload, eventId) -> {
      published.add(payload);
      eventIds.add(eventId);
      return CompletableFuture.completedFuture(new Published("netledger.containers.v1", 0, published.size() - 1, "k",
          eventId));
    };
    gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0).withTls(new GatewayTls(ca.ca(),
        ca.dir.resolve("gateway.pem"), ca.dir.resolve("gateway.key"))), sink, null);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void clear() {
    published.clear();
    eventIds.clear();
  }

  private static HttpClient as(String name) {
    PemTls tls = PemTls.load(ca.ca(), ca.dir.resolve(name + ".pem"), ca.dir.resolve(name + ".key"));
    return HttpClient.newBuilder().sslContext(tls.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Trusts the CA but presents no certificate. */
  private static HttpClient anonymous() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", PemTls.load(ca.ca(), ca.dir.resolve("gateway.pem"), ca.dir.resolve("gateway.key")).ca());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpResponse<String> post(HttpClient client, String path, JsonObject body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject container(String id, String host) {
    return new JsonObject().put("containerId", id).put("name", "web").put("hostId", host)
        .put("networkId", "managed").put("netns", "nlc-" + id);
  }

  @Test
  void withoutACertificateIs401WithAReason() throws Exception {
    HttpResponse<String> r = post(anonymous(), "/v1/containers", container("c0", "H1"));
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(new JsonObject(r.body()).getString("error").contains("client certificate"), r.body());
    assertTrue(published.isEmpty());
  }

  @Test
  void aCertificateOfAnotherCaFailsTheHandshake() throws Exception {
    TestCa other = new TestCa(dir.resolve("other-ca"), "not the cluster CA");
    other.issue("host-H1", Principal.host("H1"));
    // The client trusts the gateway (our CA) but presents a certificate of the other CA.
    PemTls mixed = new PemTls(PemTls.load(ca.ca(), ca.dir.resolve("gateway.pem"), ca.dir.resolve("gateway.key")).ca(),
        PemTls.load(other.ca(), other.dir.resolve("host-H1.pem"), other.dir.resolve("host-H1.key")).chain(),
        PemTls.load(other.ca(), other.dir.resolve("host-H1.pem"), other.dir.resolve("host-H1.key")).key());
    HttpClient client = HttpClient.newBuilder().sslContext(mixed.sslContext()).connectTimeout(Duration.ofSeconds(5))
        .build();
    // The JDK's key manager offers only certificates of the CAs the server names in its request,
    // so it presents none and gets 401; a client that presents it anyway fails the handshake.
    // Either way: refused, and nothing reached the log.
    try {
      HttpResponse<String> r = post(client, "/v1/containers", container("c0", "H1"));
      assertEquals(401, r.statusCode(), r.body());
    } catch (IOException handshakeFailed) {
      // refused by the server's trust manager
    }
    assertTrue(published.isEmpty());
  }

  @Test
  void aSubjectOutsideTheCasNamingIs403() throws Exception {
    HttpResponse<String> r = post(as("stranger"), "/v1/containers", container("c0", "H1"));
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("names no netledger principal"), r.body());
    assertTrue(published.isEmpty());
  }

  @Test
  void aHostStartsItsOwnContainerAnd403NamesPrincipalAndPermissionOtherwise() throws Exception {
    HttpResponse<String> own = post(as("host-H1"), "/v1/containers", container("c1", "H1"));
    assertEquals(202, own.statusCode(), own.body());
    assertEquals("H1", ((ContainerStarted) published.get(0)).getHostId());
    HttpResponse<String> other = post(as("host-H1"), "/v1/containers", container("c2", "H2"));
    assertEquals(403, other.statusCode(), other.body());
    JsonObject why = new JsonObject(other.body());
    assertEquals("User:host-H1", why.getString("principal"));
    assertEquals("publish ContainerStarted for host H2", why.getString("permission"));
    assertTrue(why.getString("error").contains("User:host-H1 may not publish ContainerStarted for host H2"));
    HttpResponse<String> net = post(as("host-H1"), "/v1/networks", new JsonObject().put("networkId", "n")
        .put("name", "n").put("cidr", "10.42.0.0/16").put("vni", 42));
    assertEquals(403, net.statusCode(), net.body());
    assertEquals("publish NetworkCreated", new JsonObject(net.body()).getString("permission"));
    assertEquals(1, published.size(), "only the allowed request reached the sink");
  }

  @Test
  void aHostRemovesItsOwnContainerButNotAnotherHosts() throws Exception {
    assertEquals(202, post(as("host-H2"), "/v1/containers", container("r2", "H2")).statusCode());
    HttpResponse<String> forged = send(as("host-H1"), "DELETE", "/v1/containers/r2");
    assertEquals(403, forged.statusCode(), forged.body());
    assertTrue(forged.body().contains("runs on host H2"), forged.body());
    assertEquals(202, send(as("host-H2"), "DELETE", "/v1/containers/r2").statusCode());
    assertEquals(2, published.size());
  }

  @Test
  void anOrchestratorMayPublishForAnyHost() throws Exception {
    assertEquals(202, post(as("orchestrator-rancher"), "/v1/containers", container("o1", "H2")).statusCode());
    assertEquals(202, send(as("orchestrator-rancher"), "DELETE", "/v1/hosts/H2").statusCode());
  }

  @Test
  void idempotencyKeysArePerPrincipal() throws Exception {
    HttpResponse<String> h1 = post(as("host-H1"), "/v1/containers", container("k1", "H1"), "Idempotency-Key", "k");
    HttpResponse<String> h1again = post(as("host-H1"), "/v1/containers", container("k1", "H1"), "Idempotency-Key", "k");
    // The same key from another principal is its own request: neither a replay of H1's answer
    // nor a 422 conflict, and its eventId differs (downstream de-duplication keeps both).
    HttpResponse<String> h2 = post(as("host-H2"), "/v1/containers", container("k2", "H2"), "Idempotency-Key", "k");
    assertEquals(202, h1.statusCode(), h1.body());
    assertEquals(h1.body(), h1again.body());
    assertEquals("true", h1again.headers().firstValue("Idempotent-Replayed").orElse(null));
    assertEquals(202, h2.statusCode(), h2.body());
    assertTrue(h2.headers().firstValue("Idempotent-Replayed").isEmpty());
    assertEquals(List.of("host-H1/k", "host-H2/k"), eventIds);
    assertNotEquals(new JsonObject(h1.body()).getString("eventId"), new JsonObject(h2.body()).getString("eventId"));
  }

  @Test
  void metricsNeedACertificateTooButTheContractDoesNot() throws Exception {
    HttpClient anon = anonymous();
    URI base = URI.create("https://127.0.0.1:" + gateway.port());
    assertEquals(401, anon.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, anon.send(HttpRequest.newBuilder(base.resolve("/openapi.json")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, as("host-H1").send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  private static HttpResponse<String> send(HttpClient client, String method, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + path))
        .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
