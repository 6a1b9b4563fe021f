package io.netledger.agent.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** Serves {@code GET /metrics} (Prometheus text) on a host address; fails loudly when it cannot listen. */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  public static MetricsServer start(Vertx vertx, PrometheusMeterRegistry registry, String address, int port) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
    HttpServer server = vertx.createHttpServer(io.netledger.support.http.Http1.serverOptions()).requestHandler(router);
    try {
      server.listen(port, address).await();
    } catch (RuntimeException e) {
      throw new IllegalStateException("metrics server cannot listen on " + address + ":" + port + ": "
          + e.getMessage(), e);
    }
    return new MetricsServer(server);
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
