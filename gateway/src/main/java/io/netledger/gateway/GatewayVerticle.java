package io.netledger.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.events.publish.Published;
import io.netledger.events.security.Principal;
import io.netledger.events.validate.InvalidEventException;
import io.netledger.events.validate.Violation;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP event gateway: a thin adapter from JSON over HTTP to {@link EventSink}. Each route
 * names one input schema; the body (plus the id from the path) is decoded and validated by
 * {@link JsonEvents}; the answer is 202 with the record's coordinates only once Kafka
 * acknowledged, 400 naming every bad field and rule, 503 when the log did not acknowledge in
 * time. No response ever carries a stack trace: unexpected errors are logged with their context
 * and answered with a generic 500.
 *
 * <p>With {@link GatewayConfig#tls()} it serves HTTPS and asks for a client certificate of the
 * cluster CA: a request without one is 401 (JSON reason) rather than a bare handshake failure, a
 * certificate of another CA fails the handshake, and {@link Admission} decides per principal and
 * payload (403 naming the principal and the missing permission) before anything reaches the sink,
 * so a refused request leaves nothing on the log. Idempotency keys are per principal.
 */
public final class GatewayVerticle extends AbstractVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  static final String JSON = "application/json";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  /** Where {@link #authenticate} leaves the caller's principal for the route handlers. */
  private static final String PRINCIPAL = "netledger.principal";

  private final GatewayConfig config;
  /** Requests awaiting an acknowledgement; only touched on this verticle's context. */
  private int inFlight;
  private final EventSink sink;
  private final DecisionWait decisions;
  private final PrometheusMeterRegistry meters;
  private final Idempotency idempotency;
  private final StartedContainers started = new StartedContainers();
  private final Admission admission = new Admission(started);
  private final String openApi;
  private HttpServer server;

  public GatewayVerticle(GatewayConfig config, EventSink sink, PrometheusMeterRegistry meters) {
    this(config, sink, DecisionWait.NONE, meters);
  }

  /** With {@code decisions}, a request with {@code ?wait=decided} is answered with the allocator's decision. */
  public GatewayVerticle(GatewayConfig config, EventSink sink, DecisionWait decisions, PrometheusMeterRegistry meters) {
    this.config = config;
    this.sink = sink;
    this.decisions = decisions;
    this.meters = meters;
    this.idempotency = new Idempotency(config.idempotencyKeys());
    this.openApi = openApiDocument();
  }

  /** The OpenAPI document kept in the repository (cli/src/main/resources/.../openapi.json). */
  public static String openApiDocument() {
    try (InputStream in = GatewayVerticle.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read openapi.json: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void start(Promise<Void> started) {
    Router router = Router.router(vertx);
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", JSON).end(openApi));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(meters.scrape()));
    Counter unauthenticated = Counter.builder("netledger_gateway_unauthenticated").register(meters);
    router.route("/v1/*").handler(ctx -> authenticate(ctx, unauthenticated));
    router.route("/metrics").order(-1).handler(ctx -> authenticate(ctx, unauthenticated));
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    event(router, HttpMethod.POST, "/v1/networks", NetworkCreated.SCHEMA$, null);
    event(router, HttpMethod.DELETE, "/v1/networks/:networkId", NetworkDeleted.SCHEMA$, "networkId");
    event(router, HttpMethod.POST, "/v1/hosts", HostRegistered.SCHEMA$, null);
    event(router, HttpMethod.DELETE, "/v1/hosts/:hostId", HostRemoved.SCHEMA$, "hostId");
    event(router, HttpMethod.POST, "/v1/containers", ContainerStarted.SCHEMA$, null);
    event(router, HttpMethod.POST, "/v1/containers/:containerId/stop", ContainerStopped.SCHEMA$, "containerId");
    event(router, HttpMethod.DELETE, "/v1/containers/:containerId", ContainerRemoved.SCHEMA$, "containerId");
    router.route().last().handler(ctx -> error(ctx, 404, "no such resource: " + ctx.request().method()
        + " " + ctx.request().path() + " (see /openapi.json)"));
    // Errors raised by Vert.x itself (413 body too large, 405, ...) keep their status, lose any detail.
    router.errorHandler(413, ctx -> error(ctx, 413, "body larger than " + config.bodyLimitBytes() + " bytes"));
    router.errorHandler(405, ctx -> error(ctx, 405, "method not allowed on " + ctx.request().path()));
    router.errorHandler(500, ctx -> {
      LOG.error("gateway: unexpected error on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      error(ctx, 500, "internal error; the gateway's log has the details");
    });
    vertx.createHttpServer(serverOptions(config))
        .requestHandler(router).listen(config.port(), config.host())
        .onSuccess(s -> {
          server = s;
          started.complete();
        })
        .onFailure(e -> started.fail(new IOException("gateway cannot listen on " + config.host() + ":"
            + config.port() + ": " + e.getMessage(), e)));
  }

  /** HTTP/1.1 as every server of ours; with TLS, the CA's PEM files and a requested client certificate. */
  static HttpServerOptions serverOptions(GatewayConfig config) {
    HttpServerOptions options = io.netledger.support.http.Http1.serverOptions();
    config.tls().ifPresent(tls -> options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca().toString()))
        // REQUEST, not REQUIRED: a client without a certificate still completes the handshake and
        // gets a 401 that says what is missing; one of another CA still fails the handshake.
        .setClientAuth(ClientAuth.REQUEST));
    return options;
  }

  /**
   * Finds the caller's principal in its client certificate (TLS only): none is 401, a subject
   * outside the CA's naming is 403. Without TLS every caller is unauthenticated and unrestricted.
   */
  private void authenticate(RoutingContext ctx, Counter unauthenticated) {
    if (config.tls().isEmpty()) {
      ctx.next();
      return;
    }
    List<Certificate> chain;
    try {
      chain = ctx.request().connection().peerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      chain = List.of();
    }
    if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
      unauthenticated.increment();
      ctx.response().putHeader("WWW-Authenticate", "Mutual-TLS");
      error(ctx, 401, "a client certificate of the netledger cluster CA is required (none was presented)");
      return;
    }
    Principal p = Principal.fromSubject(leaf.getSubjectX500Principal()).orElse(null);
    if (p == null) {
      unauthenticated.increment();
      send(ctx, 403, new JsonObject().put("error", "certificate subject '" + leaf.getSubjectX500Principal().getName()
          + "' names no netledger principal (/O=netledger/OU=<hosts|components|operators|orchestrators>/CN=<name>)")
          .put("principal", leaf.getSubjectX500Principal().getName()).put("permission", "any request"));
      return;
    }
    ctx.put(PRINCIPAL, p);
    ctx.next();
  }

  private void event(Router router, HttpMethod method, String path, Schema schema, String pathField) {
    Counter accepted = Counter.builder("netledger_gateway_accepted").tag("event", schema.getName()).register(meters);
    Counter invalid = Counter.builder("netledger_gateway_invalid").tag("event", schema.getName()).register(meters);
    Counter unavailable = Counter.builder("netledger_gateway_unavailable").tag("event", schema.getName()).register(meters);
    Counter shed = Counter.builder("netledger_gateway_shed").tag("event", schema.getName()).register(meters);
    Counter forbidden = Counter.builder("netledger_gateway_forbidden").tag("event", schema.getName()).register(meters);
    Timer latency = Timer.builder("netledger_gateway_publish").tag("event", schema.getName())
        .publishPercentiles(0.5, 0.99).register(meters);
    router.route(method, path).handler(ctx -> {
      long t0 = System.nanoTime();
      JsonObject body;
      try {
        body = body(ctx, pathField == null);
      } catch (BadRequest e) {
        invalid.increment();
        error(ctx, e.status, e.getMessage());
        return;
      }
      if (pathField != null) {
        String id = ctx.pathParam(pathField);
        if (body.containsKey(pathField) && !id.equals(body.getValue(pathField))) {
          invalid.increment();
          error(ctx, 400, pathField + " in the body ('" + body.getValue(pathField) + "') differs from the path ('" + id + "')");
          return;
        }
        body.put(pathField, id);
      }
      SpecificRecord payload;
      try {
        payload = JsonEvents.decode(schema, body);
      } catch (InvalidEventException e) {
        invalid.increment();
        send(ctx, 400, invalidBody(e));
        return;
      }
      // Admission before the idempotency cache and the sink: a refused request claims no key and
      // leaves nothing on the log.
      Principal principal = ctx.get(PRINCIPAL);
      Admission.Decision decision = admission.check(principal, payload);
      if (!decision.allowed()) {
        forbidden.increment();
        LOG.warn("gateway: refused {}", decision.reason());
        send(ctx, 403, new JsonObject().put("error", decision.reason()).put("principal", principal.toString())
            .put("permission", decision.permission()));
        return;
      }
      String waitParam = ctx.request().getParam("wait");
      boolean waitDecided = "decided".equals(waitParam);
      if (waitParam != null && !waitDecided) {
        invalid.increment();
        error(ctx, 400, "wait must be 'decided' (or absent), not '" + waitParam + "'");
        return;
      }
      if (waitDecided && decisions == DecisionWait.NONE) {
        error(ctx, 501, "this gateway was started without a decision watch; ?wait=decided is not available");
        return;
      }
      if (waitDecided && !decisions.ready()) {
        // Publishing now could let the decision pass before the watch reads: refuse before the log.
        ctx.response().putHeader("Retry-After", "1");
        error(ctx, 503, "the gateway's decision watch has not reached the log's end yet; nothing was accepted, retry");
        return;
      }
      if (inFlight >= config.maxInFlight()) {
        shed.increment();
        ctx.response().putHeader("Retry-After", "1");
        error(ctx, 503, "the gateway is overloaded: " + inFlight + " events are awaiting the log's acknowledgement;"
            + " nothing was accepted, retry later with the same " + IDEMPOTENCY_KEY);
        return;
      }
      String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
      if (key != null && (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127))) {
        invalid.increment();
        error(ctx, 400, IDEMPOTENCY_KEY + " must be 1..200 visible ASCII characters");
        return;
      }
      CompletableFuture<Published> mine = new CompletableFuture<>();
      boolean replay = false;
      if (key != null) {
        // Keys are per principal: one caller can neither replay nor block another's key.
        Idempotency.Claim claim = idempotency.claim(scoped(principal, key), fingerprint(ctx, body), mine);
        if (claim.conflict()) {
          error(ctx, 422, IDEMPOTENCY_KEY + " '" + key + "' was already used for a different request");
          return;
        }
        if (!claim.owner()) {
          mine = claim.existing().publish();
          replay = true;
        }
      }
      if (!replay) {
        // The eventId is the scoped key, the same from every gateway instance: a retry through
        // another instance carries the same eventId, which the allocator de-duplicates on.
        String eventId = key != null ? scoped(principal, key) : UUID.randomUUID().toString();
        CompletableFuture<Published> target = mine;
        // The sink may block (metadata, registry look-up): never on the event loop.
        vertx.executeBlocking(() -> sink.publish(payload, eventId), false)
            .onSuccess(f -> f.orTimeout(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((p, e) -> {
                  if (e != null) {
                    target.completeExceptionally(e);
                  } else {
                    target.complete(p);
                  }
                }))
            .onFailure(target::completeExceptionally);
      }
      boolean replayed = replay;
      inFlight++;
      mine.whenComplete((p, e) -> vertx.runOnContext(v -> {
        inFlight--;
        latency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        if (e != null) {
          unavailable.increment();
          Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
          LOG.warn("gateway: {} not acknowledged: {}", schema.getName(), cause.toString());
          ctx.response().putHeader("Retry-After", "1");
          error(ctx, 503, "the log did not acknowledge the event (" + (cause instanceof java.util.concurrent.TimeoutException
              ? "no acknowledgement within " + config.ackTimeout().toMillis() + " ms" : cause.getClass().getSimpleName()
              + ": " + firstLine(cause.getMessage())) + "); the outcome is unknown (the event may have been written),"
              + " retry with the same " + IDEMPOTENCY_KEY);
          return;
        }
        if (!replayed) {
          accepted.increment();
          remember(payload);
        } else {
          ctx.response().putHeader("Idempotent-Replayed", "true");
        }
        if (waitDecided) {
          // Completed by the watch's thread; the answer is written back on this context.
          decisions.await(p, config.waitTimeout()).whenComplete((d, e2) -> vertx.runOnContext(v2 -> {
            DecidedAnswer a = DecidedAnswer.of(schema.getName(), p, e2 != null ? java.util.Optional.empty() : d,
                config.waitTimeout());
            send(ctx, a.status(), a.body());
          }));
          return;
        }
        send(ctx, 202, new JsonObject().put("event", schema.getName()).put("topic", p.topic())
            .put("partition", p.partition()).put("offset", p.offset()).put("key", p.key()).put("eventId", p.eventId()));
      }));
    });
  }

  /** The idempotency key as the cache and the eventId hold it: prefixed by the principal's Kafka user. */
  static String scoped(Principal principal, String key) {
    return principal == null ? key : principal.kafkaUser() + "/" + key;
  }

  /** Which host each container accepted here runs on, for the hosts' later stop and remove. */
  private void remember(SpecificRecord payload) {
    if (payload instanceof ContainerStarted s) {
      started.started(s.getContainerId(), s.getHostId());
    } else if (payload instanceof ContainerRemoved r) {
      started.removed(r.getContainerId());
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A request the gateway refuses before decoding, with its status. */
  private static final class BadRequest extends Exception {
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private static JsonObject body(RoutingContext ctx, boolean required) throws BadRequest {
    String raw = ctx.body() == null ? null : ctx.body().asString();
    if (raw == null || raw.isBlank()) {
      if (required) {
        throw new BadRequest(400, "a JSON object body is required");
      }
      return new JsonObject();
    }
    String type = ctx.request().getHeader("content-type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).split(";")[0].trim().equals(JSON)) {
      throw new BadRequest(415, "Content-Type must be " + JSON + " (got " + (type == null ? "none" : "'" + type + "'") + ")");
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(raw);
      if (parsed instanceof JsonObject o) {
        return o;
      }
      throw new BadRequest(400, "body must be a JSON object");
    } catch (DecodeException e) {
      throw new BadRequest(400, "body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  static JsonObject invalidBody(InvalidEventException e) {
    JsonArray violations = new JsonArray();
    for (Violation v : e.violations()) {
      violations.add(new JsonObject().put("field", v.field())
          .put("value", v.value() == null ? null : v.value().toString()).put("rule", v.rule()));
    }
    return new JsonObject().put("error", "invalid " + e.eventType()).put("violations", violations);
  }

  private static String fingerprint(RoutingContext ctx, JsonObject body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((ctx.request().method() + " " + ctx.request().path() + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(body.encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void error(RoutingContext ctx, int status, String message) {
    send(ctx, status, new JsonObject().put("error", message));
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", JSON).end(body.encode());
  }
}
