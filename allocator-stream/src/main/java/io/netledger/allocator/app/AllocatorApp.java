package io.netledger.allocator.app;

import io.netledger.events.query.QueryServer;
import io.netledger.events.query.Ids;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.stream.AllocatorStreams;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.allocator.stream.TopicSerdes;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.topic.Topic;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
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
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One running allocator instance: the Streams application plus its query API and metrics.
 * {@link #start} listens first (so {@code application.server} names the real port, and a port in
 * use fails the start), then starts Streams; {@link #close} commits the last transaction and
 * stops listening.
 *
 * <pre>{@code
 * try (AllocatorApp app = AllocatorApp.start(AllocatorAppConfig.from(props))) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   // GET http://127.0.0.1:<app.httpPort()>/v1/allocations/c-1
 * }
 * }</pre>
 */
public final class AllocatorApp implements AutoCloseable {
  private final Vertx vertx;
  private final QueryServer server;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CountDownLatch running = new CountDownLatch(1);

  private AllocatorApp(AllocatorAppConfig c) {
    AllocatorMetrics metrics = new AllocatorMetrics();
    vertx = Vertx.vertx();
    KafkaStreams[] ref = new KafkaStreams[1];
    AllocatorQueries queries = new AllocatorQueries(() -> store(ref[0]));
    server = new QueryServer(c.httpHost(), c.httpPort(), metrics.registry(), s -> routes(s, queries));
    try {
      vertx.deployVerticle(server).await();
    } catch (Exception e) { // await rethrows the bind failure (a checked BindException) as is
      vertx.close().await();
      throw new IllegalStateException("allocator query API cannot listen on " + c.httpHost() + ":" + c.httpPort()
          + ": " + e.getMessage(), e);
    }
    HostInfo self = new HostInfo(c.httpHost(), server.actualPort());
    Properties props = AllocatorTopology.streamsConfig(c.applicationId(), c.bootstrap());
    props.put(StreamsConfig.STATE_DIR_CONFIG, c.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, c.standbyReplicas());
    // Lets other instances find this one's query API when it owns a key.
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    props.putAll(c.streamsOverrides());
    streams = AllocatorStreams.create(props, new AllocatorConfig(c.quarantine()),
        metrics.counting(registrySerdes(RegistryConfig.connect(c.registryUrl()))));
    ref[0] = streams;
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    // A dying stream thread is replaced rather than leaving the instance half alive; the
    // transaction it had open aborts, so nothing it did is seen twice.
    streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
    server.owners(key -> {
      KeyQueryMetadata m = streams.queryMetadataForKey(AllocatorTopology.IMAGE_STORE, key, new StringSerializer());
      if (m == null || KeyQueryMetadata.NOT_AVAILABLE.equals(m)) {
        throw new InvalidStateStoreException("no instance owns " + AllocatorTopology.IMAGE_STORE + " yet");
      }
      return m.activeHost().equals(self) ? null : m.activeHost();
    });
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics.registry());
    vertx.setPeriodic(5_000, id -> vertx.executeBlocking(() -> {
      metrics.refreshPools(queries);
      return null;
    }, false));
    streams.start();
  }

  /** Listens, then starts Streams. Throws (and holds nothing) when the API cannot listen. */
  public static AllocatorApp start(AllocatorAppConfig config) {
    return new AllocatorApp(config);
  }

  static void routes(QueryServer s, AllocatorQueries q) {
    s.get("/v1/allocations/:containerId", ctx -> key(ctx, "containerId", AllocatorQueries::allocationKey),
        ctx -> q.allocation(ctx.pathParam("containerId")));
    s.get("/v1/networks/:networkId/addresses/:ip", ctx -> key(ctx, "networkId", AllocatorQueries::networkKey),
        ctx -> q.address(ctx.pathParam("networkId"), ctx.pathParam("ip")));
    s.get("/v1/networks/:networkId/usage", ctx -> key(ctx, "networkId", AllocatorQueries::networkKey),
        ctx -> q.usage(ctx.pathParam("networkId")));
    s.get("/v1/dns/:networkId/:fqdn", ctx -> key(ctx, "networkId", AllocatorQueries::networkKey),
        ctx -> q.dns(ctx.pathParam("networkId"), ctx.pathParam("fqdn")));
  }

  /** The store key a request reads, or null when the id is malformed (answered locally with 400). */
  private static String key(RoutingContext ctx, String param, java.util.function.Function<String, String> f) {
    String v = ctx.pathParam(param);
    return Ids.check(param, v) == null ? f.apply(v) : null;
  }

  private static ReadOnlyKeyValueStore<String, byte[]> store(KafkaStreams s) {
    if (s == null) {
      throw new InvalidStateStoreException("streams not started");
    }
    return s.store(StoreQueryParameters.fromNameAndType(AllocatorTopology.IMAGE_STORE,
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
