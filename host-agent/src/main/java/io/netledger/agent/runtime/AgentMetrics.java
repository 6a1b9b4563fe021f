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

  private final java.util.Map<java.util.List<String>, AtomicLong> failingByKindAndReason =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Objects failing after an apply, by kind (route, link, ..., or slice for a refused record) and
   * reason: {@code netledger_agent_objects_failing_by{kind,reason}}.
   */
  void failures(io.netledger.agent.dataplane.ApplyReport applied) {
    java.util.Map<java.util.List<String>, Long> counts = new java.util.HashMap<>();
    for (var e : applied.errors()) {
      counts.merge(java.util.List.of(e.toAvro().getKind(), reason(e.message())), 1L, Long::sum);
    }
    for (String p : applied.problems()) {
      counts.merge(java.util.List.of("slice", p.contains(" refused: ") ? "invalid" : "unprogrammable"), 1L, Long::sum);
    }
    failingByKindAndReason.keySet().forEach(k -> counts.putIfAbsent(k, 0L));
    counts.forEach((k, n) -> failingByKindAndReason.computeIfAbsent(k, key -> registry.gauge(
        "netledger.agent.objects.failing.by", java.util.List.of(io.micrometer.core.instrument.Tag.of("host", hostId),
            io.micrometer.core.instrument.Tag.of("kind", key.get(0)), io.micrometer.core.instrument.Tag.of("reason", key.get(1))),
        new AtomicLong())).set(n));
  }

  /** A few stable reasons from the kernel's words, so the label set stays small. */
  static String reason(String message) {
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("host's own network namespace")) {
      return "host-namespace";
    } else if (m.contains("network namespace") || m.contains("no such file")) {
      return "missing-namespace";
    } else if (m.contains("exists")) {
      return "exists";
    } else if (m.contains("cannot find device") || m.contains("no such")) {
      return "not-found";
    }
    return "other";
  }

  void applied(Duration sinceEvent) {
    if (!sinceEvent.isNegative()) {
      applyLatency.record(sinceEvent);
    }
  }
}
