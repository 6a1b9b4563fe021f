package io.netledger.agent.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The query counter {@code netledger.dns.queries} (Prometheus: {@code netledger_dns_queries_total})
 * tagged by {@code result} and {@code transport}; all counters exist from the start so a rate
 * query sees zeros rather than gaps.
 */
public final class DnsMetrics {
  /** The socket a query came in on. */
  public enum Transport { UDP, TCP }

  public static final String QUERIES = "netledger.dns.queries";

  private final Map<Transport, Map<QueryResult, Counter>> counters = new EnumMap<>(Transport.class);

  public DnsMetrics(MeterRegistry registry) {
    for (Transport t : Transport.values()) {
      Map<QueryResult, Counter> byResult = new EnumMap<>(QueryResult.class);
      for (QueryResult r : QueryResult.values()) {
        byResult.put(r, Counter.builder(QUERIES)
            .description("DNS queries answered by the agent, by how they ended")
            .tag("result", r.tag())
            .tag("transport", t.name().toLowerCase(Locale.ROOT))
            .register(registry));
      }
      counters.put(t, byResult);
    }
  }

  public void count(Transport transport, QueryResult result) {
    counters.get(transport).get(result).increment();
  }
}
