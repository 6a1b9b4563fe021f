package io.netledger.it.allocator;

import io.netledger.support.streams.StreamsAppSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.allocator.app.AllocatorApp;
import io.netledger.allocator.app.AllocatorAppConfig;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.cli.Main;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.it.support.SharedCluster;
import io.netledger.mesh.app.MeshApp;
import io.netledger.mesh.app.MeshAppConfig;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The query APIs on the real broker: two allocator instances of one application (a request to
 * either is answered from the owner of the store), one mesh, and {@code netledger get} on top:
 * tables, --json, exit 1 for unknown keys, exit 2 for malformed ones.
 */
@ExtendWith(SharedCluster.class)
class QueryApiTest {
  record Run(int code, String out, String err) {}

  final String run = "q" + Long.toString(System.nanoTime(), 36);

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Properties props(DevCluster c, String appId, Path state) {
    Properties p = new Properties();
    p.setProperty(StreamsAppSettings.BOOTSTRAP, c.bootstrapServers());
    p.setProperty(StreamsAppSettings.REGISTRY, c.registryUrl());
    p.setProperty(StreamsAppSettings.APPLICATION_ID, appId);
    p.setProperty(StreamsAppSettings.STATE_DIR, state.toString());
    p.setProperty(StreamsAppSettings.HTTP_PORT, "0");
    p.setProperty("streams.session.timeout.ms", "6000");
    return p;
  }

  @Test
  void allocatorAndMeshAnswerThroughAnyInstanceAndTheCli() throws Exception {
    DevCluster c = SharedCluster.cluster();
    Path dir = SharedCluster.dataDir("query-api-");
    String net = run + "-net";
    try (EventPublisher pub = EventPublisher.create(PublisherConfig.of(c.bootstrapServers(), c.registryUrl(), "it-q"))) {
      pub.publish(new NetworkCreated(net, net, "10.77.0.0/24", 26, 7700, 1450, "q.internal", Encryption.NONE, 30,
          List.of("10.77.0.9"), true));
      for (String h : List.of("H1", "H2")) {
        pub.publish(HostRegistered.newBuilder().setHostId(run + h).setHostname(h).setUnderlayIp("198.18.1." + h.charAt(1))
            .build());
      }
      pub.publish(new ContainerStarted(run + "-web", "web", "web", "shop", run + "H1", net, "/run/netns/w", null,
          List.of(), Map.of(), List.of()));
      pub.publish(new ContainerStarted(run + "-db", "db", "db", "shop", run + "H2", net, "/run/netns/d", null,
          List.of(), Map.of(), List.of()));
    }
    String appId = "it-query-" + run;
    try (AllocatorApp a1 = AllocatorApp.start(AllocatorAppConfig.from(props(c, appId, dir.resolve("a1"))));
        AllocatorApp a2 = AllocatorApp.start(AllocatorAppConfig.from(props(c, appId, dir.resolve("a2"))));
        MeshApp mesh = MeshApp.start(MeshAppConfig.from(props(c, "it-query-mesh-" + run, dir.resolve("m"))))) {
      String api1 = "http://127.0.0.1:" + a1.httpPort();
      String api2 = "http://127.0.0.1:" + a2.httpPort();
      String meshApi = "http://127.0.0.1:" + mesh.httpPort();
      // The inputs sit on different partitions, so the allocator may decide a start before its
      // network or host and allocate it once they arrive (a waiting start): FAILED first, then
      // ALLOCATED. Wait for the settled answer.
      JsonObject db = new JsonObject(awaitFound(List.of("get", "allocation", run + "-db", "--json", "--api", api1)).out());
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (!"ALLOCATED".equals(db.getString("state")) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        db = new JsonObject(cli("get", "allocation", run + "-db", "--json", "--api", api1).out());
      }
      assertEquals("ALLOCATED", db.getString("state"), db.encode());
      // Both instances answer the same, whichever holds the single decision task.
      for (String api : List.of(api1, api2)) {
        assertEquals(db, new JsonObject(cli("get", "allocation", run + "-db", "--json", "--api", api).out()));
        assertEquals(200, http(api + "/v1/networks/" + net + "/usage").statusCode());
      }
      Run table = cli("get", "allocation", run + "-db", "--api", api2);
      assertEquals(0, table.code(), table.err());
      assertTrue(table.out().startsWith("FIELD"), table.out());
      assertTrue(table.out().contains(db.getString("ip")), table.out());

      Run ip = cli("get", "ip", net, db.getString("ip"), "--api", api2);
      assertEquals(0, ip.code(), ip.err());
      assertTrue(ip.out().contains("held by " + run + "-db"), ip.out());
      Run usage = cli("get", "usage", net, "--api", api1, "--json");
      JsonObject u = new JsonObject(usage.out());
      assertEquals(256 - 2 - 1, u.getLong("usable"));
      assertEquals(4, u.getInteger("held"), usage.out()); // two containers, two host addresses
      Run dns = cli("get", "dns", net, "db.shop.q.internal", "--api", api1);
      assertEquals(0, dns.code(), dns.err());
      assertTrue(dns.out().contains(db.getString("ip")), dns.out());

      Run unknown = cli("get", "allocation", run + "-nobody", "--api", api2);
      assertEquals(1, unknown.code());
      assertTrue(unknown.err().contains("no allocation"), unknown.err());
      Run malformed = cli("get", "ip", net, "10.77.0.999", "--api", api1);
      assertEquals(2, malformed.code());
      assertTrue(malformed.err().contains("IPv4"), malformed.err());
      assertEquals(400, http(api1 + "/v1/networks/" + net + "/addresses/10.1.1.1").statusCode()); // outside CIDR
      assertTrue(http(api1 + "/metrics").body().contains("netledger_allocator"));

      Run peers = awaitFound(List.of("get", "peers", run + "H1", "--json", "--api", meshApi), r ->
          new JsonObject(r.out()).getJsonArray("peers").size() == 1);
      assertEquals(run + "H2", new JsonObject(peers.out()).getJsonArray("peers").getJsonObject(0).getString("hostId"));
      Run peersTable = cli("get", "peers", run + "H1", "--api", meshApi);
      assertTrue(peersTable.out().contains("198.18.1.2"), peersTable.out());
      Run state = cli("get", "state", run + "H2", "--api", meshApi);
      assertEquals(0, state.code(), state.err());
      assertTrue(state.out().contains("LocalEndpoint"), state.out());
      assertEquals(1, cli("get", "peers", run + "H9", "--api", meshApi).code());
      assertEquals(2, cli("get", "state", "a b", "--api", meshApi).code());
    }
    // Nothing listens any more: a clear failure, not a stack trace.
    Run down = cli("get", "usage", net, "--api", "http://127.0.0.1:9");
    assertEquals(1, down.code());
    assertTrue(down.err().contains("cannot reach"), down.err());
  }

  static HttpResponse<String> http(String url) throws Exception {
    return io.netledger.events.http.Http1Client.builder(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Run awaitFound(List<String> args) throws InterruptedException {
    return awaitFound(args, r -> true);
  }

  static Run awaitFound(List<String> args, java.util.function.Predicate<Run> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Run r = null;
    while (System.nanoTime() < deadline) {
      r = cli(args.toArray(String[]::new));
      if (r.code() == 0 && done.test(r)) {
        return r;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError(String.join(" ", args) + " did not answer within 120 s: " + r);
  }
}
