package io.netledger.agent.metadata;

import io.netledger.agent.dns.DnsView;
import io.netledger.avro.LocalEndpoint;
import io.netledger.events.net.Ipv4;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The metadata HTTP API, answering by source address as rancher-metadata did: a container asks
 * {@code GET /latest/self/container} and gets its own endpoint; {@code /latest/self/host} gives
 * the host. A source that is not a local container gets 404 with a JSON reason.
 *
 * <p>The source is the TCP peer address only: headers such as X-Forwarded-For are ignored, since
 * any container could set them to read another's metadata.
 */
public final class MetadataServer extends AbstractVerticle {
  static final String JSON = "application/json";

  private final MetadataConfig config;
  private final Supplier<DnsView> view;
  private volatile int port = -1;

  public MetadataServer(MetadataConfig config, Supplier<DnsView> view) {
    this.config = config;
    this.view = view;
  }

  /** The port it listens on, once deployed. */
  public int port() {
    return port;
  }

  @Override
  public void start(Promise<Void> started) {
    Router router = Router.router(vertx);
    router.get("/latest/self/container").handler(this::container);
    router.get("/latest/self/host").handler(this::host);
    router.route().last().handler(ctx -> send(ctx, 404,
        MetadataDocuments.error("no such path: " + ctx.request().path(), source(ctx))));
    vertx.createHttpServer(io.netledger.support.http.Http1.serverOptions())
        .requestHandler(router)
        .listen(config.port(), config.host())
        .onSuccess(s -> {
          port = s.actualPort();
          started.complete();
        })
        .onFailure(e -> started.fail(new IOException(
            "metadata server cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e)));
  }

  private void container(RoutingContext ctx) {
    DnsView v = view.get();
    Optional<LocalEndpoint> asker = endpoint(ctx, v);
    if (asker.isEmpty()) {
      send(ctx, 404, MetadataDocuments.error("source address is not a container of host " + v.hostId(), source(ctx)));
      return;
    }
    send(ctx, 200, MetadataDocuments.container(asker.get(), v));
  }

  private void host(RoutingContext ctx) {
    DnsView v = view.get();
    if (endpoint(ctx, v).isEmpty()) {
      send(ctx, 404, MetadataDocuments.error("source address is not a container of host " + v.hostId(), source(ctx)));
      return;
    }
    send(ctx, 200, MetadataDocuments.host(v, config.underlayIp()));
  }

  private static Optional<LocalEndpoint> endpoint(RoutingContext ctx, DnsView v) {
    String source = source(ctx);
    return Ipv4.isValid(source) ? v.endpointAt(Ipv4.parse(source)) : Optional.empty();
  }

  private static String source(RoutingContext ctx) {
    return ctx.request().remoteAddress().host();
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", JSON).end(body.encodePrettily());
  }
}
