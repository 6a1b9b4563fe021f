package io.netledger.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.gateway.GatewayClient;
import io.netledger.agent.gateway.GatewayException;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.stream.AllocatorStreams;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.avro.Allocation;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.DevCluster;
import io.netledger.devcluster.demo.LogReader;
import io.netledger.devcluster.world.Pki;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.security.PemTls;
import io.netledger.events.security.Principal;
import io.netledger.events.serde.RegistrySerdes;
import io.netledger.events.topic.Topics;
import io.netledger.gateway.EventSink;
import io.netledger.gateway.Gateway;
import io.netledger.gateway.GatewayConfig;
import io.netledger.gateway.GatewayTls;
import io.netledger.it.support.SharedCluster;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host may speak only for itself, end to end: the gateway over mTLS with the real publisher and
 * an allocator; a host's certificate (its IPsec credentials) through the agent's GatewayClient.
 * Its own registration and container are accepted and allocated; forging another host, another
 * ikeIdentity, a network or a host removal is 403; no certificate is 401; nothing refused is on
 * the log.
 */
@ExtendWith(SharedCluster.class)
class HostRestrictionTest {
  @TempDir
  Path dir;

  @Test
  void aHostSpeaksOnlyForItselfThroughTheGateway() throws Exception {
    DevCluster cluster = SharedCluster.cluster();
    String run = Long.toString(System.nanoTime(), 36);
    String me = "hr-" + run;
    String other = "hr2-" + run;
    String network = "hrnet-" + run;
    Pki pki = new Pki(dir.resolve("pki"));
    Path gwDir = dir.resolve("gateway");
    pki.issue(gwDir, Principal.component("gateway"), "gateway", "127.0.0.1");
    Path hostDir = dir.resolve("host");
    pki.issue(hostDir, Principal.host(me), "host");

    EventPublisher publisher = EventPublisher.create(PublisherConfig.of(cluster.bootstrapServers(),
        cluster.registryUrl(), "netledger-gateway"));
    Properties ap = AllocatorTopology.streamsConfig("hostrestriction-" + run, cluster.bootstrapServers());
    ap.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("allocator")).toString());
    ap.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
    KafkaStreams allocator = AllocatorStreams.create(ap, AllocatorConfig.DEFAULT,
        new RegistrySerdes(RegistryConfig.connect(cluster.registryUrl()), true));
    allocator.start();
    try (Gateway gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0).withTls(GatewayTls.inDir(gwDir)),
        EventSink.of(publisher), publisher)) {
      URI base = URI.create("https://127.0.0.1:" + gateway.port());
      GatewayClient host = GatewayClient.create(base, hostDir, Duration.ofSeconds(30));
      publisher.publish(NetworkCreated.newBuilder().setNetworkId(network).setName(network).setCidr("10.77.0.0/16")
          .setVni(ThreadLocalRandom.current().nextInt(100_000, 16_000_000)).build());

      // Its own registration, with its own certificate's identity: accepted.
      host.publish(HostRegistered.newBuilder().setHostId(me).setHostname(me).setUnderlayIp("192.0.2.77")
          .setIkeIdentity(Principal.host(me).ikeIdentity()).build());
      // Another host's, or its own with another identity (a man in the middle's tunnel end): 403.
      assertForbidden(() -> host.publish(HostRegistered.newBuilder().setHostId(other).setHostname(other)
          .setUnderlayIp("192.0.2.78").setIkeIdentity(Principal.host(other).ikeIdentity()).build()),
          "HostRegistered for host " + other);
      assertForbidden(() -> host.publish(HostRegistered.newBuilder().setHostId(me).setHostname(me)
          .setUnderlayIp("192.0.2.79").setIkeIdentity(Principal.host(other).ikeIdentity()).build()), "ikeIdentity");

      // A container on itself: 202 and allocated; on another host: 403.
      String mine = "hrc-" + run;
      host.publish(container(mine, me, network));
      assertForbidden(() -> host.publish(container("hrx-" + run, other, network)), "ContainerStarted for host " + other);

      // Networks and host removal are not a host's to publish, whatever its client.
      HttpClient asHost = HttpClient.newBuilder().sslContext(PemTls.load(hostDir.resolve("ca.pem"),
          hostDir.resolve("host.pem"), hostDir.resolve("host.key")).sslContext()).build();
      HttpResponse<String> net = send(asHost, "POST", base.resolve("/v1/networks"), new JsonObject()
          .put("networkId", network + "-x").put("name", "x").put("cidr", "10.78.0.0/16").put("vni", 4242).encode());
      assertEquals(403, net.statusCode(), net.body());
      assertEquals("User:host-" + me, new JsonObject(net.body()).getString("principal"));
      HttpResponse<String> removal = send(asHost, "DELETE", base.resolve("/v1/hosts/" + other), null);
      assertEquals(403, removal.statusCode(), removal.body());
      assertEquals("publish HostRemoved", new JsonObject(removal.body()).getString("permission"));

      // No certificate at all: 401.
      HttpResponse<String> anonymous = send(trustingOnly(hostDir.resolve("ca.pem")), "POST",
          base.resolve("/v1/containers"), container("hra-" + run, me, network).toString());
      assertEquals(401, anonymous.statusCode(), anonymous.body());

      Allocation a = awaitAllocation(cluster, mine, Duration.ofSeconds(90));
      assertEquals(me, a.getHostId());

      // Nothing refused is on the log: one registration of this host with its identity, nothing
      // of the other host, the other container, the other network or the anonymous one.
      List<String> hosts = new ArrayList<>();
      List<String> containers = new ArrayList<>();
      List<String> networks = new ArrayList<>();
      LogReader.readAll(cluster.bootstrapServers(), cluster.registryUrl(),
          List.of(Topics.HOSTS, Topics.CONTAINERS, Topics.NETWORKS), (t, p, o, key, value) -> {
            if (key == null || !key.contains(run)) {
              return;
            }
            if (value instanceof HostEvent h) {
              hosts.add(key + ":" + ((HostRegistered) h.getPayload()).getIkeIdentity());
            } else if (value instanceof ContainerEvent) {
              containers.add(key);
            } else {
              networks.add(key);
            }
          });
      assertEquals(List.of(me + ":" + Principal.host(me).ikeIdentity()), hosts);
      assertEquals(List.of(mine), containers);
      assertEquals(List.of(network), networks);
    } finally {
      allocator.close(Duration.ofSeconds(30));
    }
  }

  private static ContainerStarted container(String id, String host, String network) {
    return ContainerStarted.newBuilder().setContainerId(id).setName(id).setHostId(host).setNetworkId(network)
        .setNetns("/run/netns/" + id).build();
  }

  private static void assertForbidden(org.junit.jupiter.api.function.Executable call, String permission) {
    GatewayException e = assertThrows(GatewayException.class, call);
    assertEquals(403, e.status(), e.getMessage());
    assertTrue(e.getMessage().contains(permission), e.getMessage());
  }

  private static HttpResponse<String> send(HttpClient client, String method, URI uri, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A client that trusts the cluster CA and presents no certificate. */
  private static HttpClient trustingOnly(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).build();
  }

  private static Allocation awaitAllocation(DevCluster cluster, String containerId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Allocation[] found = {null};
      LogReader.readAll(cluster.bootstrapServers(), cluster.registryUrl(), List.of(Topics.ALLOCATIONS),
          (t, p, o, key, value) -> {
            if (containerId.equals(key) && value != null) {
              found[0] = (Allocation) value;
            }
          });
      if (found[0] != null) {
        return found[0];
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no allocation of " + containerId + " within " + timeout.toSeconds() + " s");
  }
}
