package io.netledger.ui.server;

import io.netledger.support.http.Http1;
import io.netledger.support.http.Ids;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the Infrastructure view: the page ({@code /}, {@code /app.js},
 * {@code /app.css}), its live feed ({@code GET /events}, server-sent events), the whole view as
 * JSON ({@code GET /api/view}) and a container's audit history ({@code GET
 * /api/containers/:id/history}). Read-only: anything but GET is a 405. Every error is JSON
 * {@code {"error": reason}} with a 4xx/5xx status. Its start completes only once it listens, so a
 * port already taken fails the deployment.
 */
public final class UiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UiVerticle.class);
  // The page loads nothing from elsewhere; inline script is never allowed (the page has none).
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final UiConfig config;
  private final HistorySource history;
  private final Broadcaster broadcaster = new Broadcaster();
  private final HostCheck hostCheck;
  private final StaticFiles files = new StaticFiles();
  private HttpServer server;

  public UiVerticle(UiConfig config, HistorySource history) {
    this.config = config;
    this.history = history;
    this.hostCheck = new HostCheck(config.host());
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(this::common);
    router.get("/events").handler(this::events);
    router.get("/api/view").handler(ctx -> json(ctx, 200, broadcaster.snapshot()));
    router.get("/api/containers/:id/history").handler(this::history);
    router.get("/*").handler(this::file);
    router.route().last().handler(ctx -> {
      HttpMethod m = ctx.request().method();
      if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
        ctx.response().putHeader("allow", "GET");
        error(ctx, 405, m + " is not allowed: this server is read-only (GET only)");
      } else {
        error(ctx, 404, "no such page: " + ctx.request().path());
      }
    });
    router.errorHandler(500, ctx -> {
      LOG.error("ui: unexpected error on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      error(ctx, 500, "internal error; the server's log has the details");
    });
    vertx.setPeriodic(15_000, id -> broadcaster.keepAlive());
    return vertx.createHttpServer(Http1.serverOptions()).requestHandler(router).listen(config.port(), config.host())
        .onSuccess(s -> server = s)
        .recover(e -> Future.failedFuture(new IOException("ui cannot listen on " + config.host() + ":" + config.port()
            + ": " + e.getMessage(), e)));
  }

  @Override
  public Future<?> stop() {
    broadcaster.closeAll();
    return Future.succeededFuture();
  }

  public int port() {
    return server.actualPort();
  }

  /** Runs {@code task} on this verticle's event loop, where the broadcaster lives. */
  void onLoop(Runnable task) {
    context.runOnContext(v -> task.run());
  }

  Broadcaster broadcaster() {
    return broadcaster;
  }

  private void common(RoutingContext ctx) {
    HttpServerResponse r = ctx.response();
    r.putHeader("x-content-type-options", "nosniff").putHeader("referrer-policy", "no-referrer")
        .putHeader("content-security-policy", CSP);
    String refused = hostCheck.refuse(ctx.request().getHeader("host"));
    if (refused != null) {
      error(ctx, 421, refused);
      return;
    }
    ctx.next();
  }

  private void events(RoutingContext ctx) {
    HttpServerResponse r = ctx.response();
    r.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache");
    // The browser reconnects a second after a drop and then gets a fresh snapshot.
    r.write("retry: 1000\n\n");
    broadcaster.add(r);
  }

  private void history(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String bad = Ids.check("container id", id);
    if (bad != null) {
      error(ctx, 400, bad);
      return;
    }
    vertx.executeBlocking(() -> history.container(id), true).onComplete(r -> {
      if (r.succeeded()) {
        if (r.result() == null) {
          error(ctx, 404, "no container " + id + " in the decision log");
        } else {
          json(ctx, 200, r.result());
        }
      } else if (r.cause() instanceof UnsupportedOperationException) {
        error(ctx, 501, r.cause().getMessage());
      } else {
        LOG.warn("ui: history of {} failed: {}", id, r.cause().toString());
        error(ctx, 503, "cannot read the history of " + id + ": " + r.cause().getMessage());
      }
    });
  }

  private void file(RoutingContext ctx) {
    StaticFiles.File f = files.get(ctx.request().path());
    if (f == null) {
      ctx.next();
      return;
    }
    HttpServerResponse r = ctx.response().putHeader("content-type", f.contentType()).putHeader("etag", f.etag())
        .putHeader("cache-control", "no-cache");
    if (f.etag().equals(ctx.request().getHeader("if-none-match"))) {
      r.setStatusCode(304).end();
    } else {
      r.end(f.body());
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String reason) {
    json(ctx, status, new JsonObject().put("error", reason));
  }
}
