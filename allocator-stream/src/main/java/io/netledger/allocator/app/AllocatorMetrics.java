package io.netledger.allocator.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netledger.events.serde.TopicSerdes;
import io.netledger.avro.Allocation;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.Rejection;
import io.netledger.events.net.Cidr;
import io.netledger.events.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The allocator's Prometheus meters. Allocations and rejections are counted where they leave
 * the app, in the sinks' serializers ({@link #counting}), so the topology (shared with audit and
 * tests) stays free of metrics. Under exactly-once a transaction that aborts and is retried
 * serializes its records twice, so the counters may run slightly ahead of the committed views
 * after a failure; the views themselves are exact.
 *
 * <ul>
 *   <li>{@code netledger_allocator_allocations_total{state,kind}}</li>
 *   <li>{@code netledger_allocator_rejections_total{reason}}</li>
 *   <li>{@code netledger_allocator_decision_lag_seconds}: input's occurredAt to its allocation written</li>
 *   <li>{@code netledger_allocator_pool_utilization{network}}, {@code ..._pool_free{network}}: refreshed from the store</li>
 *   <li>Kafka Streams' own metrics (process latency, commit latency, ...) via the Micrometer binder</li>
 * </ul>
 */
public final class AllocatorMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer lag = Timer.builder("netledger.allocator.decision.lag")
      .description("From an input's occurredAt to its allocation being written").publishPercentileHistogram()
      .register(registry);
  private final MultiGauge utilization = MultiGauge.builder("netledger.allocator.pool.utilization")
      .description("Held addresses / usable addresses, per network").register(registry);
  private final MultiGauge free = MultiGauge.builder("netledger.allocator.pool.free")
      .description("Usable addresses neither held nor quarantined, per network").register(registry);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** {@code base} with the allocations and rejected serializers counting what they write. */
  public TopicSerdes counting(TopicSerdes base) {
    return base.observing(Topics.ALLOCATIONS, v -> allocation((Allocation) v)).observing(Topics.REJECTED, v -> rejection((Rejection) v));
  }


  void allocation(Allocation a) {
    if (a == null) {
      return;
    }
    Counter.builder("netledger.allocator.allocations").description("Allocation records written, by state and kind")
        .tags("state", a.getState().name(), "kind", a.getKind().name()).register(registry).increment();
    Duration d = Duration.between(a.getOccurredAt(), Instant.now());
    if (!d.isNegative()) {
      lag.record(d);
    }
  }

  void rejection(Rejection r) {
    if (r != null) {
      Counter.builder("netledger.allocator.rejections").description("Rejections written, by reason")
          .tag("reason", r.getReason().name()).register(registry).increment();
    }
  }

  /** Re-reads pool use per network (called periodically; a scan of the store). */
  public void refreshPools(AllocatorQueries q) {
    Map<String, NetworkCreated> nets = q.networks();
    Map<String, Integer> live = q.liveCounts();
    List<MultiGauge.Row<?>> u = new ArrayList<>();
    List<MultiGauge.Row<?>> f = new ArrayList<>();
    nets.forEach((id, spec) -> {
      Cidr c = Cidr.parse(spec.getCidr());
      long usable = Math.max(1, c.size() - 2 - spec.getReservedIps().size());
      int held = live.getOrDefault(id, 0);
      u.add(MultiGauge.Row.of(Tags.of("network", id), (double) held / usable));
      f.add(MultiGauge.Row.of(Tags.of("network", id), Math.max(0, usable - held)));
    });
    utilization.register(u, true);
    free.register(f, true);
  }
}
