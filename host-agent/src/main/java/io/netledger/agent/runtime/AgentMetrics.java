package io.netledger.agent.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The agent's own meters (Prometheus names {@code netledger_agent_*}). */
final class AgentMetrics {
  final Timer applyLatency;
  final Counter kernelChanges;
  final Counter objectErrors;
  final Counter undecodable;
  final Counter statusUndelivered;
  final AtomicLong lag = new AtomicLong();
  final AtomicLong failingObjects = new AtomicLong();

  AgentMetrics(MeterRegistry registry, String hostId) {
    this.registry = registry;
    this.hostId = hostId;
    applyLatency = Timer.builder("netledger.agent.apply.latency")
        .description("From the input event's occurredAt to its state applied in the kernel")
        .tag("host", hostId).publishPercentiles(0.5, 0.99).register(registry);
    kernelChanges = Counter.builder("netledger.agent.kernel.changes").tag("host", hostId)
        .description("Kernel changes applied").register(registry);
    objectErrors = Counter.builder("netledger.agent.object.errors").tag("host", hostId)
        .description("Kernel objects that failed to apply (each retry counts)").register(registry);
    undecodable = Counter.builder("netledger.agent.records.undecodable").tag("host", hostId)
        .description("Records that could not be decoded and were skipped").register(registry);
    statusUndelivered = Counter.builder("netledger.agent.status.undelivered").tag("host", hostId)
        .description("agent-status reports the broker did not take (sent again)").register(registry);
    registry.gauge("netledger.agent.consumer.lag", java.util.List.of(io.micrometer.core.instrument.Tag.of("host", hostId)), lag);
    registry.gauge("netledger.agent.objects.failing", java.util.List.of(io.micrometer.core.instrument.Tag.of("host", hostId)), failingObjects);
  }

  private final MeterRegistry registry;
  private final String hostId;
  private final java.util.Map<String, AtomicLong> objectsByKind = new java.util.concurrent.ConcurrentHashMap<>();

  /** Desired kernel objects by kind (link, route, neighbour, ...) after an apply. */
  void objects(io.netledger.agent.calc.DesiredState desired) {
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    desired.namespaces().values().forEach(state -> state.all().forEach(o ->
        counts.merge(o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum)));
    objectsByKind.keySet().forEach(k -> counts.putIfAbsent(k, 0L));
    counts.forEach((kind, n) -> objectsByKind.computeIfAbsent(kind, k -> registry.gauge("netledger.agent.objects",
        java.util.List.of(io.micrometer.core.instrument.Tag.of("host", hostId),
            io.micrometer.core.instrument.Tag.of("kind", k)), new AtomicLong())).set(n));
  }

  void applied(Duration sinceEvent) {
    if (!sinceEvent.isNegative()) {
      applyLatency.record(sinceEvent);
    }
  }
}
