package io.netledger.mesh.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.Rejection;
import io.netledger.events.topic.Topics;
import io.netledger.events.serde.TopicSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mesh's Prometheus meters, counted where records leave the app (the sinks' serializers), so
 * the topology stays free of metrics. Under exactly-once a retried transaction serializes twice,
 * so counters may run slightly ahead of the committed topic after a failure.
 *
 * <ul>
 *   <li>{@code netledger_mesh_records_written_total{kind}}: host-state slices (kind: the slice type, or tombstone)</li>
 *   <li>{@code netledger_mesh_rejections_total{reason}}</li>
 *   <li>{@code netledger_mesh_hosts}: registered hosts (refreshed from the store)</li>
 *   <li>{@code netledger_mesh_slice_lag_seconds}: a slice's occurredAt (its input's) to written</li>
 *   <li>Kafka Streams' own metrics (process latency, ...) through the Micrometer binder</li>
 * </ul>
 */
public final class MeshMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger hosts = new AtomicInteger();
  private final Timer lag = Timer.builder("netledger.mesh.slice.lag")
      .description("From the input's occurredAt to its host-state slice being written").publishPercentileHistogram()
      .register(registry);

  public MeshMetrics() {
    Gauge.builder("netledger.mesh.hosts", hosts, AtomicInteger::get).description("Registered hosts").register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void hosts(int n) {
    hosts.set(n);
  }

  /** {@code base} with the host-state and rejected serializers counting what they write. */
  public TopicSerdes counting(TopicSerdes base) {
    return base.observing(Topics.HOST_STATE, v -> slice((HostStateSlice) v)).observing(Topics.REJECTED, v -> rejection((Rejection) v));
  }


  void slice(HostStateSlice s) {
    String kind = s == null ? "tombstone" : s.getSlice().getClass().getSimpleName();
    Counter.builder("netledger.mesh.records.written").description("host-state records written, by kind")
        .tag("kind", kind).register(registry).increment();
    if (s != null) {
      Duration d = Duration.between(s.getOccurredAt(), Instant.now());
      if (!d.isNegative()) {
        lag.record(d);
      }
    }
  }

  void rejection(Rejection r) {
    if (r != null) {
      Counter.builder("netledger.mesh.rejections").description("Rejections written, by reason")
          .tag("reason", r.getReason().name()).register(registry).increment();
    }
  }
}
