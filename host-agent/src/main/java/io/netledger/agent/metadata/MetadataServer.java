package io.netledger.agent.metadata;

import io.netledger.agent.dns.DnsView;
import io.netledger.agent.metadata.NetworkTree.Shape;
import io.netledger.avro.LocalEndpoint;
import io.netledger.events.net.Ipv4;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The metadata HTTP API, answering by source address as rancher-metadata did. Paths:
 * {@code /<version>/<path>} with version {@code latest} (= {@code 2015-12-19}) or
 * {@code 2015-07-25}, and path any node of the asker's tree ({@link NetworkTree}): {@code self/
 * container|service|stack|host}, {@code containers}, {@code services}, {@code stacks},
 * {@code hosts}, {@code version}, drilled down by key, index or name.
 *
 * <p>Format: JSON with {@code Accept: application/json}, and also without any Accept header
 * (what this API always answered, kept for its clients); plain text otherwise, e.g. curl's
 * {@code *}{@code /*} (see {@link TreeFormat}). Errors say why in the same format: 404 for a
 * source that is not a local container or a path that names nothing, 400 for bad long-poll
 * parameters, 429 beyond the waiter limits.
 *
 * <p>Long polls: {@code ?wait=true&value=<version>[&maxWait=<seconds>]} answers at once when the
 * asker's network version differs from {@code value}, else when it changes
 * ({@link #viewChanged()}) or after maxWait (default and cap {@value #MAX_WAIT_SECONDS} s).
 *
 * <p>The source is the TCP peer address only: headers such as X-Forwarded-For are ignored, since
 * any container could set them to read another's metadata.
 */
public final class MetadataServer extends AbstractVerticle {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String LATEST = "latest";
  static final String V1 = "2015-07-25";
  static final String V2 = "2015-12-19";
  static final int MAX_WAIT_SECONDS = 120;

  private final MetadataConfig config;
  private final Supplier<MetadataView> view;
  private final WaiterLimits limits;
  private final Set<Waiter> waiters = new LinkedHashSet<>();
  private volatile Context context;
  private volatile int port = -1;

  /** A server of the whole tree, woken by {@link #viewChanged()} when {@code view} has a new value. */
  public MetadataServer(MetadataConfig config, Supplier<MetadataView> view, int waitersPerSource, int waitersInAll) {
    this.config = config;
    this.view = view;
    this.limits = new WaiterLimits(waitersPerSource, waitersInAll);
  }

  /** A server of what a DNS view knows (this host's containers and networks only). */
  public MetadataServer(MetadataConfig config, Supplier<DnsView> dns) {
    this(config, cached(dns, config.underlayIp()), WaiterLimits.PER_SOURCE, WaiterLimits.TOTAL);
  }

  /** A server of the whole tree with the default waiter limits (16 per source, 4096 in all). */
  public static MetadataServer of(MetadataConfig config, Supplier<MetadataView> view) {
    return new MetadataServer(config, view, WaiterLimits.PER_SOURCE, WaiterLimits.TOTAL);
  }

  private static Supplier<MetadataView> cached(Supplier<DnsView> dns, String underlayIp) {
    Object[] last = new Object[2];
    return () -> {
      DnsView d = dns.get();
      synchronized (last) {
        if (last[0] != d) {
          last[0] = d;
          last[1] = MetadataView.of(d, underlayIp);
        }
        return (MetadataView) last[1];
      }
    };
  }

  /** The port it listens on, once deployed. */
  public int port() {
    return port;
  }

  @Override
  public void start(Promise<Void> started) {
    context = vertx.getOrCreateContext();
    vertx.createHttpServer(io.netledger.support.http.Http1.serverOptions())
        .requestHandler(this::handle)
        .listen(config.port(), config.host())
        .onSuccess(s -> {
          port = s.actualPort();
          started.complete();
        })
        .onFailure(e -> started.fail(new IOException(
            "metadata server cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e)));
  }

  /** The view has a new value: wakes the long polls whose network version changed (any thread). */
  public void viewChanged() {
    Context c = context;
    if (c != null) {
      c.runOnContext(v -> wake());
    }
  }

  private void handle(HttpServerRequest req) {
    boolean json = wantsJson(req.getHeader("Accept"));
    String source = req.remoteAddress().host();
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      error(req, json, 405, "only GET is answered, not " + req.method(), source);
      return;
    }
    List<String> segments = new ArrayList<>(Arrays.stream(req.path().split("/")).filter(s -> !s.isEmpty()).toList());
    if (segments.isEmpty()) {
      if (json) {
        send(req, true, 200, List.of(V1, V2, LATEST));
      } else {
        req.response().putHeader("content-type", TEXT).end(V1 + "\n" + V2 + "\n" + LATEST + "\n");
      }
      return;
    }
    String version = segments.remove(0);
    Shape shape;
    if (version.equals(LATEST) || version.equals(V2)) {
      shape = Shape.V2;
    } else if (version.equals(V1)) {
      shape = Shape.V1;
    } else {
      error(req, json, 404, "no such path: " + req.path() + " (versions: " + V1 + ", " + V2 + ", " + LATEST + ")", source);
      return;
    }
    MetadataView v = view.get();
    Optional<LocalEndpoint> asker = endpoint(source, v);
    if (asker.isEmpty()) {
      error(req, json, 404, "source address is not a container of host " + v.hostId(), source);
      return;
    }
    if ("true".equalsIgnoreCase(req.getParam("wait"))) {
      String value = req.getParam("value");
      if (value == null || value.isEmpty()) {
        error(req, json, 400, "wait=true needs value=<version> (the version last seen)", source);
        return;
      }
      int maxWait = MAX_WAIT_SECONDS;
      String maxWaitParam = req.getParam("maxWait");
      if (maxWaitParam != null) {
        try {
          maxWait = Math.min(Integer.parseInt(maxWaitParam), MAX_WAIT_SECONDS);
        } catch (NumberFormatException e) {
          maxWait = -1;
        }
        if (maxWait < 0) {
          error(req, json, 400, "maxWait '" + maxWaitParam + "' is not a number of seconds (0.." + MAX_WAIT_SECONDS
              + ")", source);
          return;
        }
      }
      if (versionOf(v, asker.get()).equals(value) && maxWait > 0) {
        String refusal = limits.admit(source);
        if (refusal != null) {
          error(req, json, 429, refusal, source);
          return;
        }
        Waiter w = new Waiter(req, json, source, shape, segments, value);
        waiters.add(w);
        w.timer = vertx.setTimer(maxWait * 1000L, id -> finish(w));
        req.response().closeHandler(x -> {
          if (waiters.remove(w)) {
            limits.release(w.source);
            vertx.cancelTimer(w.timer);
          }
        });
        return;
      }
    }
    answer(req, json, source, shape, segments, v);
  }

  private void wake() {
    if (waiters.isEmpty()) {
      return;
    }
    MetadataView v = view.get();
    for (Waiter w : List.copyOf(waiters)) {
      Optional<LocalEndpoint> asker = endpoint(w.source, v);
      if (asker.isEmpty() || !versionOf(v, asker.get()).equals(w.value)) {
        finish(w);
      }
    }
  }

  private void finish(Waiter w) {
    if (!waiters.remove(w)) {
      return;
    }
    limits.release(w.source);
    vertx.cancelTimer(w.timer);
    MetadataView v = view.get();
    if (endpoint(w.source, v).isEmpty()) {
      error(w.req, w.json, 404, "source address is not a container of host " + v.hostId(), w.source);
      return;
    }
    answer(w.req, w.json, w.source, w.shape, w.path, v);
  }

  private void answer(HttpServerRequest req, boolean json, String source, Shape shape, List<String> path,
      MetadataView v) {
    LocalEndpoint asker = endpoint(source, v).orElseThrow();
    NetworkTree tree = v.tree(asker.getNetworkId());
    Map<String, Object> root = tree.root(shape, asker, v.version(asker.getNetworkId()),
        MetadataDocuments.container(asker, v), MetadataDocuments.host(v, asker));
    Optional<Object> node = TreeFormat.at(root, path);
    if (node.isEmpty()) {
      error(req, json, 404, "no such path: " + req.path(), source);
      return;
    }
    send(req, json, 200, node.get());
  }

  private static String versionOf(MetadataView v, LocalEndpoint asker) {
    return Long.toString(v.version(asker.getNetworkId()));
  }

  static boolean wantsJson(String accept) {
    return accept == null || accept.isBlank() || accept.toLowerCase().contains(JSON);
  }

  private static Optional<LocalEndpoint> endpoint(String source, MetadataView v) {
    return Ipv4.isValid(source) ? v.endpointAt(Ipv4.parse(source)) : Optional.empty();
  }

  private static void send(HttpServerRequest req, boolean json, int status, Object node) {
    if (req.response().closed() || req.response().ended()) {
      return;
    }
    req.response().setStatusCode(status).putHeader("content-type", json ? JSON : TEXT)
        .end(json ? TreeFormat.json(node) : TreeFormat.text(node));
  }

  private static void error(HttpServerRequest req, boolean json, int status, String reason, String source) {
    if (req.response().closed() || req.response().ended()) {
      return;
    }
    req.response().setStatusCode(status).putHeader("content-type", json ? JSON : TEXT)
        .end(json ? MetadataDocuments.error(reason, source).encodePrettily() : reason + "\n");
  }

  /** One waiting long poll. Identity equality: two identical requests are two waiters. */
  private static final class Waiter {
    final HttpServerRequest req;
    final boolean json;
    final String source;
    final Shape shape;
    final List<String> path;
    final String value;
    long timer;

    Waiter(HttpServerRequest req, boolean json, String source, Shape shape, List<String> path, String value) {
      this.req = req;
      this.json = json;
      this.source = source;
      this.shape = shape;
      this.path = List.copyOf(path);
      this.value = value;
    }
  }
}
