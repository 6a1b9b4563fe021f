package io.netledger.mesh.app;

import io.netledger.events.serde.RegistrySerdes;
import io.netledger.events.query.QueryServer;
import io.netledger.events.query.StreamsService;
import io.netledger.events.query.Ids;

import io.netledger.events.registry.RegistryConfig;
import io.netledger.mesh.topology.MeshTopology;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

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
public final class MeshApp implements AutoCloseable {
  private final StreamsService service;

  private MeshApp(MeshAppConfig c) {
    MeshTopology.allowAvroClasses();
    MeshMetrics metrics = new MeshMetrics();
    service = new StreamsService("mesh", MeshTopology.IMAGE_STORE, metrics.registry());
    MeshQueries queries = new MeshQueries(service::store);
    service.listen(c.app().httpHost(), c.app().httpPort(), s -> routes(s, queries));
    Properties props = MeshTopology.streamsConfig(c.app().bootstrap(), c.app().stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, c.app().applicationId());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, c.app().standbyReplicas());
    service.start(props, c.app().streamsOverrides(), p -> {
      StreamsBuilder builder = new StreamsBuilder();
      MeshTopology.buildTopology(builder, metrics.counting(new RegistrySerdes(RegistryConfig.connect(c.app().registryUrl()), true)));
      return new KafkaStreams(builder.build(p), p);
    });
    service.every(Duration.ofSeconds(5), () -> metrics.hosts(queries.hostCount()));
  }

  /** Listens, then starts Streams. Throws (and holds nothing) when the API cannot listen. */
  public static MeshApp start(MeshAppConfig config) {
    return new MeshApp(config);
  }

  static void routes(QueryServer s, MeshQueries q) {
    s.get("/v1/hosts/:hostId/state", ctx -> key(ctx.pathParam("hostId")), ctx -> q.state(ctx.pathParam("hostId")));
    s.get("/v1/hosts/:hostId/peers", ctx -> key(ctx.pathParam("hostId")), ctx -> q.peers(ctx.pathParam("hostId")));
  }

  private static String key(String hostId) {
    return Ids.check("hostId", hostId) == null ? MeshQueries.hostKey(hostId) : null;
  }

  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return service.awaitRunning(timeout);
  }

  public KafkaStreams streams() {
    return service.streams();
  }

  public int httpPort() {
    return service.httpPort();
  }

  /** Graceful: commits the open transaction, leaves the group, stops listening. */
  @Override
  public void close() {
    service.close();
  }
}
