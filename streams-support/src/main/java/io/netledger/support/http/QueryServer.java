package io.netledger.support.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The HTTP side of an app: JSON query routes, {@code GET /metrics} (Prometheus) and forwarding to
 * the instance that owns a key. Deployed as a verticle whose start completes only when the server
 * listens, so a port already taken fails the app's start instead of leaving it deaf.
 *
 * <p>Each route names the store key it reads; {@link Owners} says which instance holds it (null:
 * this one). A request that arrives at the wrong instance is forwarded once (marked with
 * {@value #FORWARDED} so two instances with different views of the assignment never bounce a
 * request between them) and the owner's answer is passed back unchanged.
 */
public final class QueryServer extends VerticleBase {
  public static final String FORWARDED = "x-netledger-forwarded";

  /** Which instance answers for a store key: null for this one; throws InvalidStateStoreException when nobody can yet. */
  public interface Owners {
    HostInfo ownerOf(String storeKey);
  }

  private final String host;
  private final int port;
  private final PrometheusMeterRegistry metrics;
  private final Consumer<QueryServer> routes;
  private Owners owners = key -> null;
  private Router router;
  private HttpServer server;
  private HttpClient client;

  public QueryServer(String host, int port, PrometheusMeterRegistry metrics, Consumer<QueryServer> routes) {
    this.host = host;
    this.port = port;
    this.metrics = metrics;
    this.routes = routes;
  }

  public void owners(Owners o) {
    this.owners = o;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    client = vertx.createHttpClient();
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    routes.accept(this);
    router.route().last().handler(ctx -> write(ctx, Answer.notFound("no such endpoint: " + ctx.request().path())));
    server = vertx.createHttpServer(Http1.serverOptions()).requestHandler(router);
    return server.listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  /** The port listened on (the actual one when 0 was asked for). */
  public String host() {
    return host;
  }

  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Adds {@code GET path}: {@code storeKey} names the key read (for forwarding; null when the
   * request is malformed, and then it is answered here), {@code answer} reads the local store
   * (on a worker thread: RocksDB reads block).
   */
  public void get(String path, Function<RoutingContext, String> storeKey, Function<RoutingContext, Answer> answer) {
    router.get(path).handler(ctx -> {
      String key = storeKey.apply(ctx);
      HostInfo owner;
      try {
        owner = key == null || ctx.request().getHeader(FORWARDED) != null ? null : owners.ownerOf(key);
      } catch (InvalidStateStoreException e) {
        write(ctx, Answer.unavailable("state not queryable yet: " + e.getMessage()));
        return;
      }
      Future<Answer> f = owner == null ? local(() -> answer.apply(ctx)) : forward(owner, ctx.request().uri());
      f.onComplete(r -> write(ctx, r.succeeded() ? r.result()
          : Answer.unavailable((owner == null ? "" : "forwarding to " + owner + ": ") + r.cause().getMessage())));
    });
  }

  private Future<Answer> local(Supplier<Answer> s) {
    return vertx.executeBlocking(() -> {
      try {
        return s.get();
      } catch (InvalidStateStoreException e) {
        return Answer.unavailable("state not queryable yet: " + e.getMessage());
      }
    }, false);
  }

  private Future<Answer> forward(HostInfo owner, String uri) {
    return client.request(HttpMethod.GET, owner.port(), owner.host(), uri)
        .compose(req -> req.putHeader(FORWARDED, host + ":" + actualPort()).send())
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.length() == 0
            ? new JsonObject() : b.toJsonObject())));
  }

  private static void write(RoutingContext ctx, Answer a) {
    ctx.response().setStatusCode(a.status()).putHeader("content-type", "application/json")
        .end(a.body().encode());
  }
}
