package io.netledger.mesh.app;

import io.netledger.events.query.QueryServer;
import io.netledger.events.query.Ids;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.topic.Topic;
import io.netledger.mesh.topology.MeshTopology;
import io.netledger.mesh.topology.TopicSerdes;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

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
  private final Vertx vertx;
  private final QueryServer server;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CountDownLatch running = new CountDownLatch(1);

  private MeshApp(MeshAppConfig c) {
    MeshTopology.allowAvroClasses();
    MeshMetrics metrics = new MeshMetrics();
    vertx = Vertx.vertx();
    KafkaStreams[] ref = new KafkaStreams[1];
    MeshQueries queries = new MeshQueries(() -> store(ref[0]));
    server = new QueryServer(c.httpHost(), c.httpPort(), metrics.registry(), s -> routes(s, queries));
    try {
      vertx.deployVerticle(server).await();
    } catch (Exception e) { // await rethrows the bind failure (a checked BindException) as is
      vertx.close().await();
      throw new IllegalStateException("mesh query API cannot listen on " + c.httpHost() + ":" + c.httpPort()
          + ": " + e.getMessage(), e);
    }
    HostInfo self = new HostInfo(c.httpHost(), server.actualPort());
    Properties props = MeshTopology.streamsConfig(c.bootstrap(), c.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, c.applicationId());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, c.standbyReplicas());
    // Lets other instances find this one's query API when it owns a key.
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    props.putAll(c.streamsOverrides());
    StreamsBuilder builder = new StreamsBuilder();
    MeshTopology.buildTopology(builder, metrics.counting(registrySerdes(RegistryConfig.connect(c.registryUrl()))));
    streams = new KafkaStreams(builder.build(props), props);
    ref[0] = streams;
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    // A dying stream thread is replaced; its open transaction aborts, so nothing is seen twice.
    streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
    server.owners(key -> {
      KeyQueryMetadata m = streams.queryMetadataForKey(MeshTopology.IMAGE_STORE, key, new StringSerializer());
      if (m == null || KeyQueryMetadata.NOT_AVAILABLE.equals(m)) {
        throw new InvalidStateStoreException("no instance owns " + MeshTopology.IMAGE_STORE + " yet");
      }
      return m.activeHost().equals(self) ? null : m.activeHost();
    });
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics.registry());
    vertx.setPeriodic(5_000, id -> vertx.executeBlocking(() -> {
      metrics.hosts(queries.hostCount());
      return null;
    }, false));
    streams.start();
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

  private static ReadOnlyKeyValueStore<String, byte[]> store(KafkaStreams s) {
    if (s == null) {
      throw new InvalidStateStoreException("streams not started");
    }
    return s.store(StoreQueryParameters.fromNameAndType(MeshTopology.IMAGE_STORE,
        QueryableStoreTypes.<String, byte[]>keyValueStore()));
  }

  /** Value serdes through the schema registry (Confluent wire format), registering schemas on first use. */
  public static TopicSerdes registrySerdes(SchemaRegistry registry) {
    io.netledger.events.serde.RegistrySerdes serdes = new io.netledger.events.serde.RegistrySerdes(registry, true);
    return new TopicSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
        // One serde per topic, kept: the processor asks for a topic's serde on every record.
        return serdes.forTopic(topic);
      }
    };
  }

  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public KafkaStreams streams() {
    return streams;
  }

  public int httpPort() {
    return server.actualPort();
  }

  /** Graceful: commits the open transaction, leaves the group, stops listening. */
  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    streamsMetrics.close();
    vertx.close().await();
  }
}
