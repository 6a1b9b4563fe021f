package io.netledger.agent.dns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address for the agent's DNS server: each source may ask
 * {@code perSecond} queries a second on average, in bursts of up to {@code burst}; a query over
 * that is refused here (the server drops it and counts it). The table of sources is bounded: at
 * most {@code maxSources}, the least recently heard from forgotten first (a forgotten source
 * starts again with a full bucket, so a flood of spoofed addresses can cost memory only up to the
 * bound, never block a real container for long).
 *
 * <p>Hand-written rather than a library: Bucket4j would add a dependency for one bucket per key,
 * and Guava's RateLimiter is neither per key nor non-blocking. Time comes from {@code nanos}
 * (System::nanoTime in the server, a fake clock in tests). Thread-safe.
 *
 * <pre>{@code
 * SourceRateLimit limit = new SourceRateLimit(500, 1000, 4096, System::nanoTime);
 * if (!limit.allow(senderHost)) { drop(); }
 * }</pre>
 */
final class SourceRateLimit {
  private final double perNano;
  private final double burst;
  private final LongSupplier nanos;
  private final Map<String, double[]> buckets;

  /**
   * @param perSecond sustained queries a second per source (&gt; 0)
   * @param burst how many queries a source may send at once (&ge; 1)
   * @param maxSources how many sources are remembered at most (&ge; 1)
   * @param nanos a monotonic clock in nanoseconds
   */
  SourceRateLimit(double perSecond, int burst, int maxSources, LongSupplier nanos) {
    if (perSecond <= 0 || burst < 1 || maxSources < 1) {
      throw new IllegalArgumentException("perSecond > 0, burst >= 1 and maxSources >= 1, were " + perSecond + ", "
          + burst + ", " + maxSources);
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanos = nanos;
    this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
        return size() > maxSources;
      }
    };
  }

  /** True when {@code source} may be answered now (takes one token), false when it is over its limit. */
  synchronized boolean allow(String source) {
    long now = nanos.getAsLong();
    // {tokens, last refill time}
    double[] b = buckets.computeIfAbsent(source, s -> new double[] {burst, now});
    b[0] = Math.min(burst, b[0] + (now - (long) b[1]) * perNano);
    b[1] = now;
    if (b[0] < 1) {
      return false;
    }
    b[0] -= 1;
    return true;
  }

  /** How many sources are remembered now. */
  synchronized int sources() {
    return buckets.size();
  }
}
