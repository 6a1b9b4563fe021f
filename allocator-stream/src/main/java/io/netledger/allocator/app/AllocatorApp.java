package io.netledger.allocator.app;

import io.netledger.allocator.stream.AllocatorStreams;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.support.http.Ids;
import io.netledger.support.http.QueryServer;
import io.netledger.support.streams.StreamsApp;
import io.netledger.support.streams.StreamsService;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.RegistrySerdes;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Properties;

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
public final class AllocatorApp extends StreamsApp {
  private AllocatorApp(AllocatorAppConfig c, AllocatorMetrics metrics) {
    super(new StreamsService("allocator", AllocatorTopology.IMAGE_STORE, metrics.registry()));
    AllocatorQueries queries = new AllocatorQueries(service::store);
    service.listen(c.app().httpHost(), c.app().httpPort(), s -> routes(s, queries));
    Properties props = c.app().applyTo(AllocatorTopology.streamsConfig(c.app().applicationId(), c.app().bootstrap()));
    service.start(props, c.app().streamsOverrides(), p -> AllocatorStreams.create(p, c.decisions(),
        metrics.counting(new RegistrySerdes(RegistryConfig.connect(c.app().registryUrl()), true))));
    service.every(Duration.ofSeconds(5), () -> metrics.refreshPools(queries));
  }

  /** Listens, then starts Streams. Throws (and holds nothing) when the API cannot listen. */
  public static AllocatorApp start(AllocatorAppConfig config) {
    return new AllocatorApp(config, new AllocatorMetrics());
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
}
