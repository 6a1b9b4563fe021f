package io.netledger.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load from a separate process: POSTs ContainerStarted events to a running gateway at a steady
 * rate (open loop: requests are sent on schedule whether or not earlier ones answered, so a slow
 * gateway shows as latency, not as a politely lower rate), then prints accepted events/s and the
 * latency percentiles of the 202s.
 *
 * <pre>
 * bench/run GatewayBench \
 *     http://127.0.0.1:8088 [rate/s=500] [seconds=20] [warmup seconds=5]
 * </pre>
 */
public final class GatewayBench {
  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:8088";
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4)).build();
    URI uri = URI.create(base + "/v1/containers");
    String run = Long.toString(System.currentTimeMillis(), 36);
    int total = rate * (seconds + warmup);
    long[] latencies = new long[total];
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicLong firstMeasured = new AtomicLong();
    AtomicLong lastMeasured = new AtomicLong();
    int warmupCount = rate * warmup;
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger sent = new AtomicInteger();
    long periodNanos = 1_000_000_000L / rate;
    ticker.scheduleAtFixedRate(() -> {
      int i = sent.getAndIncrement();
      if (i >= total) {
        return;
      }
      String id = "bench-" + run + "-" + i;
      String body = "{\"containerId\":\"" + id + "\",\"name\":\"c" + (i % 1000) + "\",\"hostId\":\"HB\","
          + "\"networkId\":\"bench\",\"netns\":\"ns-" + i + "\"}";
      long t0 = System.nanoTime();
      if (i == warmupCount) {
        firstMeasured.set(t0);
      }
      http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> {
            long t1 = System.nanoTime();
            if (i >= warmupCount) {
              if (e == null && r.statusCode() == 202) {
                latencies[i] = t1 - t0;
                accepted.incrementAndGet();
              } else {
                other.incrementAndGet();
              }
              lastMeasured.accumulateAndGet(t1, Math::max);
            }
            done.incrementAndGet();
          });
    }, 0, periodNanos, TimeUnit.NANOSECONDS);
    while (done.get() < total) {
      Thread.sleep(100);
    }
    ticker.shutdownNow();
    long[] ok = Arrays.stream(latencies, warmupCount, total).filter(l -> l > 0).sorted().toArray();
    double window = (lastMeasured.get() - firstMeasured.get()) / 1e9;
    System.out.printf("gateway %s: offered %d/s for %d s (after %d s warm-up): accepted %d (%.0f events/s),"
            + " not accepted %d; latency of 202s p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        base, rate, seconds, warmup, accepted.get(), accepted.get() / window, other.get(),
        pct(ok, 0.50), pct(ok, 0.99), ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6);
    System.exit(0);
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }
}
