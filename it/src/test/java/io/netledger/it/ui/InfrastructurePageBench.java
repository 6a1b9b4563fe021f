package io.netledger.it.ui;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.ChildProcess;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.DevCluster;
import io.netledger.cli.command.UiCommand;
import io.netledger.devcluster.world.NetledgerProcess;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.http.Http1Client;
import io.netledger.it.support.SharedCluster;
import io.netledger.ui.server.UiConfig;
import io.netledger.ui.server.UiServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Figures for the Infrastructure page, printed as {@code [bench]} lines: page load (navigation to
 * the snapshot drawn) and publish → on screen (a ContainerStarted acknowledged by Kafka until its
 * row is in the page's DOM, seen by a MutationObserver; the same for its stop), first with the
 * seed's three containers, then with 1,000 simulated containers (events only: no namespaces, no
 * agents) on ten hosts. Each start is also timed to its patch reaching a separate SSE client, which
 * splits the figure into the pipeline (allocator through the log to the page's server) and the
 * browser's part. Its own cluster and stream apps (separate processes, as in production), the
 * page's server in this JVM, headless Chromium.
 *
 * <p>Run: {@code mvn -B -pl it -am verify -Dtest=InfrastructurePageBench -Dnetledger.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dnetledger.bench.containers=1000]
 * [-Dnetledger.bench.samples=20]}; the figures are in
 * {@code it/target/surefire-reports/io.netledger.it.ui.InfrastructurePageBench-output.txt}.
 */
class InfrastructurePageBench {
  static final int HOSTS = 10;

  @Test
  void pageLoadAndPublishToScreen() throws Exception {
    assumeTrue(Boolean.getBoolean("netledger.bench"), "benchmark runs with -Dnetledger.bench=true");
    assertNull(Browser.missing());
    int total = Integer.getInteger("netledger.bench.containers", 1000);
    int samples = Integer.getInteger("netledger.bench.samples", 20);
    Path dir = SharedCluster.dataDir("ui-bench-");
    List<ChildProcess> apps = new ArrayList<>();
    try (DevCluster cluster = DevCluster.start(DevCluster.Options.in(dir.resolve("cluster")));
        EventPublisher publisher = EventPublisher.create(PublisherConfig.of(cluster.bootstrapServers(),
            cluster.registryUrl(), "ui-bench"))) {
      for (String app : List.of("allocator", "mesh")) {
        apps.add(NetledgerProcess.start(app, null, dir, List.of(app, "--bootstrap", cluster.bootstrapServers(),
            "--registry", cluster.registryUrl(), "--state-dir", dir.resolve("state").resolve(app).toString(),
            "--http-port", "0", "--data-dir", dir.toString())));
      }
      publisher.publish(NetworkCreated.newBuilder().setNetworkId("bench").setName("bench").setCidr("10.60.0.0/16")
          .setVni(6060).build());
      for (int h = 1; h <= HOSTS; h++) {
        // Records only: no host of that address exists and nothing is ever sent to it.
        publisher.publish(HostRegistered.newBuilder().setHostId(host(h)).setHostname(host(h).toLowerCase())
            .setUnderlayIp("198.51.100." + (100 + h)).build());
      }
      try (UiServer ui = UiCommand.start(UiConfig.loopback(0), new ClusterInfo(cluster.bootstrapServers(),
          cluster.registryUrl()), "netledger-allocator", Duration.ofSeconds(15));
          Browser browser = Browser.start(1400, 1000);
          Patches patches = Patches.follow(ui.url())) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          acks.add(publisher.publishAsync(start("seed-" + i, i), UUID.randomUUID().toString()));
        }
        acks.forEach(CompletableFuture::join);
        awaitOnServer(ui, 3);
        measure("seed (3 containers)", 3, samples, ui, browser, publisher, patches);
        acks.clear();
        long t0 = System.nanoTime();
        for (int i = 3; i < total; i++) {
          acks.add(publisher.publishAsync(start("sim-" + i, i), UUID.randomUUID().toString()));
        }
        acks.forEach(CompletableFuture::join);
        long published = System.nanoTime();
        awaitOnServer(ui, total);
        System.out.printf("[bench] %d starts published in %d ms; all in the page's view %d ms after the first"
            + " (the allocator's pace, not the page's)%n", total - 3, (published - t0) / 1_000_000,
            (System.nanoTime() - t0) / 1_000_000);
        measure(total + " containers", total, samples, ui, browser, publisher, patches);
        browser.screenshot(Path.of("target", "ui", "infrastructure-" + total + ".png"));
      }
    } finally {
      apps.forEach(a -> a.stop(15));
    }
  }

  /** Waits until the server's view holds {@code n} containers (so a page load is measured, not the allocator). */
  private static void awaitOnServer(UiServer ui, int n) throws Exception {
    HttpClient http = Http1Client.builder(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (true) {
      JsonObject view = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(ui.url() + "api/view")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      long have = view.getJsonObject("entities").fieldNames().stream().filter(k -> k.startsWith("container:")).count();
      if (have >= n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the view has " + have + " of " + n + " containers after 300 s");
      }
      Thread.sleep(200);
    }
  }

  private static String host(int h) {
    return String.format("H%02d", h);
  }

  private static ContainerStarted start(String id, int i) {
    return ContainerStarted.newBuilder().setContainerId("c-" + id).setName(id).setService("svc-" + (i % 50))
        .setStack("bench").setHostId(host(1 + i % HOSTS)).setNetworkId("bench").setNetns("nlc-" + id).build();
  }

  private static void measure(String label, int containers, int samples, UiServer ui, Browser browser,
      EventPublisher publisher, Patches patches) throws Exception {
    List<Long> loads = new ArrayList<>();
    List<Long> loadEvents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      browser.driver().get("about:blank");
      browser.driver().get(ui.url());
      browser.await(Duration.ofSeconds(120), containers + " containers drawn",
          "return document.documentElement.dataset.firstRenderMs !== undefined"
              + " && document.querySelectorAll('tr[data-container]').length === arguments[0]", containers);
      Map<?, ?> t = (Map<?, ?>) browser.js("const n = performance.getEntriesByType('navigation')[0];"
          + " return {first: Number(document.documentElement.dataset.firstRenderMs), load: Math.round(n.loadEventEnd)};");
      // The page draws once per snapshot or patch: the first frame is the snapshot with every row.
      loads.add(((Number) t.get("first")).longValue());
      loadEvents.add(((Number) t.get("load")).longValue());
    }
    browser.js("window.bench = {shown: {}, gone: {}, watch: null};"
        + " new MutationObserver(() => { const id = window.bench.watch; if (!id) return;"
        + "   const there = document.getElementById('container-' + id) !== null;"
        + "   if (there && !(id in window.bench.shown)) window.bench.shown[id] = Date.now();"
        + "   if (!there && id in window.bench.shown && !(id in window.bench.gone)) window.bench.gone[id] = Date.now();"
        + " }).observe(document.getElementById('hosts'), {childList: true, subtree: true});");
    List<Long> onScreen = new ArrayList<>();
    List<Long> toServer = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    // The first probes warm the JITs of the stream apps, the server and the page: not counted.
    int warmup = 5;
    for (int i = -warmup; i < samples; i++) {
      String id = "c-probe-" + Math.abs(label.hashCode() % 10000) + "-" + (i + warmup);
      browser.js("window.bench.watch = arguments[0]", id);
      long t0 = System.currentTimeMillis();
      publisher.publish(start(id.substring(2), i + warmup));
      long shown = ((Number) browser.await(Duration.ofSeconds(10), id + " on screen", "return window.bench.shown[arguments[0]]", id))
          .longValue();
      Long pushed = patches.firstSeen("container:" + id);
      if (i >= 0) {
        onScreen.add(shown - t0);
        if (pushed != null) {
          toServer.add(pushed - t0);
        }
      }
      long t1 = System.currentTimeMillis();
      publisher.publish(ContainerStopped.newBuilder().setContainerId(id).build());
      long gone = ((Number) browser.await(Duration.ofSeconds(10), id + " gone", "return window.bench.gone[arguments[0]]", id))
          .longValue();
      if (i >= 0) {
        removed.add(gone - t1);
      }
    }
    System.out.printf("[bench] %s: page load (navigation to the snapshot drawn) median %d ms, max %d ms over %d loads"
        + " (load event median %d ms)%n", label, median(loads), Collections.max(loads), loads.size(), median(loadEvents));
    System.out.printf("[bench] %s: ContainerStarted published -> row on screen median %d ms, p90 %d ms, max %d ms"
        + " (n=%d); of which to the patch at an SSE client median %d ms; ContainerStopped -> row gone median %d ms%n",
        label, median(onScreen), pct(onScreen, 0.9), Collections.max(onScreen), onScreen.size(), median(toServer), median(removed));
  }

  static long median(List<Long> xs) {
    return pct(xs, 0.5);
  }

  static long pct(List<Long> xs, double p) {
    if (xs.isEmpty()) {
      return -1;
    }
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get((int) Math.min(s.size() - 1, Math.floor(p * s.size())));
  }

  /** A second SSE client: when each entity first arrived in a patch with a value (epoch ms). */
  static final class Patches implements AutoCloseable {
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    private Patches(String url) {
      HttpClient http = Http1Client.builder(Duration.ofSeconds(5)).build();
      reader = new Thread(() -> {
        try {
          HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url + "events")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
          try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line = in.readLine(); line != null && !closed; line = in.readLine()) {
              if (line.startsWith("event: ")) {
                event = line.substring(7);
              } else if (line.startsWith("data: ") && "patch".equals(event)) {
                long now = System.currentTimeMillis();
                JsonObject changes = new JsonObject(line.substring(6)).getJsonObject("changes");
                for (String id : changes.fieldNames()) {
                  if (changes.getValue(id) != null) {
                    seen.putIfAbsent(id, now);
                  }
                }
              }
            }
          }
        } catch (Exception e) {
          if (!closed) {
            System.out.println("[bench] the SSE client stopped: " + e);
          }
        }
      }, "bench-sse");
      reader.setDaemon(true);
      reader.start();
    }

    static Patches follow(String url) {
      return new Patches(url);
    }

    Long firstSeen(String entity) {
      return seen.get(entity);
    }

    @Override
    public void close() {
      closed = true;
      reader.interrupt();
    }
  }
}
