package io.netledger.mesh.app;

import io.netledger.support.http.Ids;
import io.netledger.support.http.QueryServer;
import io.netledger.support.streams.StreamsApp;
import io.netledger.support.streams.StreamsService;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.RegistrySerdes;
import io.netledger.mesh.topology.MeshTopology;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * One running mesh instance: the Streams application plus its query API and metrics.
 * {@link #start} listens first (so {@code application.server} names the real port, and a port in
 * use fails the start), then starts Streams; {@link #close} commits the last transaction and
 * stops listening.
 *
 * <pre>{@code
 * try (MeshApp app = MeshApp.start(MeshAppConfig.from(props))) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   // GET http://127.0.0.1:<app.httpPort()>/v1/hosts/H1/peers
 * }
 * }</pre>
 */
public final class MeshApp extends StreamsApp {
  private MeshApp(MeshAppConfig c, MeshMetrics metrics) {
    super(new StreamsService("mesh", MeshTopology.IMAGE_STORE, metrics.registry()));
    MeshQueries queries = new MeshQueries(service::store);
    service.listen(c.app().httpHost(), c.app().httpPort(), s -> routes(s, queries));
    Properties props = c.app().applyTo(MeshTopology.streamsConfig(c.app().bootstrap(), c.app().stateDir().toString()));
    service.start(props, c.app().streamsOverrides(), p -> {
      StreamsBuilder builder = new StreamsBuilder();
      MeshTopology.buildTopology(builder, metrics.counting(new RegistrySerdes(RegistryConfig.connect(c.app().registryUrl()), true)),
          c.peers());
      return new KafkaStreams(builder.build(p), p);
    });
    service.every(Duration.ofSeconds(5), () -> metrics.hosts(queries.hostCount()));
  }

  /** Listens, then starts Streams. Throws (and holds nothing) when the API cannot listen. */
  public static MeshApp start(MeshAppConfig config) {
    MeshTopology.allowAvroClasses();
    return new MeshApp(config, new MeshMetrics());
  }

  static void routes(QueryServer s, MeshQueries q) {
    s.get("/v1/hosts/:hostId/state", ctx -> key(ctx.pathParam("hostId")), ctx -> q.state(ctx.pathParam("hostId")));
    s.get("/v1/hosts/:hostId/peers", ctx -> key(ctx.pathParam("hostId")), ctx -> q.peers(ctx.pathParam("hostId")));
  }

  private static String key(String hostId) {
    return Ids.check("hostId", hostId) == null ? MeshQueries.hostKey(hostId) : null;
  }
}
