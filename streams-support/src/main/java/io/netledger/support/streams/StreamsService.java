package io.netledger.support.streams;

import io.netledger.support.http.QueryServer;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * The life of one stream-app instance with a query API, the same for allocator-stream and
 * mesh-stream: {@link #listen} first (so {@code application.server} names the real port and a
 * port in use fails the start), then {@link #start} Streams; {@link #close} commits the last
 * transaction, leaves the group and stops listening.
 *
 * <pre>{@code
 * StreamsService svc = new StreamsService("allocator", IMAGE_STORE, prometheus);
 * Queries q = new Queries(svc::store);
 * svc.listen("127.0.0.1", 7070, server -> server.get(...));
 * svc.start(props, overrides, p -> new KafkaStreams(topology, p));
 * }</pre>
 */
public final class StreamsService implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamsService.class);
  private final String name;
  private final String storeName;
  private final PrometheusMeterRegistry metrics;
  private final Vertx vertx = Vertx.vertx();
  private final CountDownLatch running = new CountDownLatch(1);
  private QueryServer server;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;

  public StreamsService(String name, String storeName, PrometheusMeterRegistry metrics) {
    this.name = name;
    this.storeName = storeName;
    this.metrics = metrics;
  }

  /** Serves the routes; throws (and holds nothing) when the address cannot be bound. */
  public void listen(String host, int port, Consumer<QueryServer> routes) {
    server = new QueryServer(host, port, metrics, routes);
    try {
      vertx.deployVerticle(server).await();
    } catch (Exception e) { // await rethrows the bind failure (a checked BindException) as is
      vertx.close().await();
      throw new IllegalStateException(name + " query API cannot listen on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Starts Streams from {@code props} (application id, state dir, ...) plus this instance's
   * {@code application.server}, then {@code overrides}; queries are forwarded to the instance
   * that owns the key in {@link #store()}'s store.
   */
  public void start(Properties props, Properties overrides, Function<Properties, KafkaStreams> create) {
    HostInfo self = new HostInfo(server.host(), server.actualPort());
    // Lets other instances find this one's query API when it owns a key.
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    props.putAll(overrides);
    StreamsReplication.fit(name, props);
    if (StreamsConfig.EXACTLY_ONCE_V2.equals(String.valueOf(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)))
        && props.get(StreamsConfig.STATE_DIR_CONFIG) != null) {
      java.util.List<String> wiped = UncleanState.wipe(java.nio.file.Path.of(props.get(StreamsConfig.STATE_DIR_CONFIG)
          .toString()), props.get(StreamsConfig.APPLICATION_ID_CONFIG).toString());
      if (!wiped.isEmpty()) {
        LOG.info("{}: the last run did not stop cleanly; tasks {} are rebuilt from their changelogs (what they had"
            + " not committed is discarded, as exactly-once requires)", name, wiped);
      }
    }
    KafkaStreams s = create.apply(props);
    s.setGlobalStateRestoreListener(new RestoreLog(name));
    s.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    // A dying stream thread is replaced rather than leaving the instance half alive; the
    // transaction it had open aborts, so nothing it did is seen twice.
    s.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
    server.owners(key -> {
      KeyQueryMetadata m = s.queryMetadataForKey(storeName, key, new StringSerializer());
      if (m == null || KeyQueryMetadata.NOT_AVAILABLE.equals(m)) {
        throw new InvalidStateStoreException("no instance owns " + storeName + " yet");
      }
      return m.activeHost().equals(self) ? null : m.activeHost();
    });
    streamsMetrics = new KafkaStreamsMetrics(s);
    streamsMetrics.bindTo(metrics);
    streams = s;
    s.start();
  }

  /** Runs {@code task} off the event loop every {@code period} (e.g. refreshing gauges from the store). */
  public void every(Duration period, Runnable task) {
    vertx.setPeriodic(period.toMillis(), id -> vertx.executeBlocking(() -> {
      task.run();
      return null;
    }, false));
  }

  /** The local image store; throws InvalidStateStoreException (answered 503) until it is queryable. */
  public ReadOnlyKeyValueStore<String, byte[]> store() {
    KafkaStreams s = streams;
    if (s == null) {
      throw new InvalidStateStoreException("streams not started");
    }
    return s.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, byte[]>keyValueStore()));
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

  @Override
  public void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    vertx.close().await();
  }

  /** One line per restored store partition, at its end: what was rebuilt, how much, how long. */
  private static final class RestoreLog implements org.apache.kafka.streams.processor.StateRestoreListener {
    private final String name;
    private final java.util.Map<org.apache.kafka.common.TopicPartition, Long> started =
        new java.util.concurrent.ConcurrentHashMap<>();

    RestoreLog(String name) {
      this.name = name;
    }

    @Override
    public void onRestoreStart(org.apache.kafka.common.TopicPartition tp, String store, long start, long end) {
      started.put(tp, System.nanoTime());
    }

    @Override
    public void onBatchRestored(org.apache.kafka.common.TopicPartition tp, String store, long batchEnd, long n) {}

    @Override
    public void onRestoreEnd(org.apache.kafka.common.TopicPartition tp, String store, long total) {
      Long t0 = started.remove(tp);
      if (total > 0) {
        LOG.info("{}: store {} rebuilt from {}: {} records in {} ms", name, store, tp, total,
            t0 == null ? -1 : (System.nanoTime() - t0) / 1_000_000);
      }
    }
  }
}
