package io.netledger.ui.server;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.ui.feed.LogFeed;
import io.netledger.ui.view.InfraImage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * A running Infrastructure view: its own Vert.x and verticle, and (after {@link #follow}) the log
 * feed that keeps it current. A server that cannot listen fails {@link #start} and leaves nothing
 * running.
 *
 * <pre>{@code
 * try (UiServer ui = UiServer.start(UiConfig.loopback(8090), HistorySource.NONE)
 *     .follow(bootstrap, new RegistrySerdes(RegistryConfig.connect(registryUrl), false))) {
 *   System.out.println(ui.url());
 * }
 * }</pre>
 */
public final class UiServer implements AutoCloseable, LogFeed.Listener {
  private final Vertx vertx;
  private final UiVerticle verticle;
  private final UiConfig config;
  private final Renderer renderer = new Renderer();
  private LogFeed feed;

  private UiServer(Vertx vertx, UiVerticle verticle, UiConfig config) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.config = config;
  }

  public static UiServer start(UiConfig config, HistorySource history) {
    Vertx vertx = Vertx.vertx();
    UiVerticle verticle = new UiVerticle(config, history);
    try {
      vertx.deployVerticle(verticle).await();
    } catch (Exception e) {
      // await() rethrows the verticle's IOException unchecked-but-checked: give callers one type.
      vertx.close().await();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
    return new UiServer(vertx, verticle, config);
  }

  /** Starts reading the log at {@code bootstrap} from the beginning; values decoded by {@code serdes}. */
  public synchronized UiServer follow(String bootstrap, TopicSerdes serdes) {
    return follow(bootstrap, null, serdes);
  }

  /** As {@link #follow(String, TopicSerdes)} with the ui's TLS credentials ({@code tlsDir}, null: plaintext). */
  public synchronized UiServer follow(String bootstrap, java.nio.file.Path tlsDir, TopicSerdes serdes) {
    if (feed != null) {
      throw new IllegalStateException("already following the log");
    }
    feed = new LogFeed(bootstrap, tlsDir, serdes, this).start();
    return this;
  }

  public int port() {
    return verticle.port();
  }

  /** The page's address (a wildcard bind is shown as loopback, where the page is surely reachable). */
  public String url() {
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
  }

  /**
   * A new image: the entities that render differently go to every browser as one patch. Called by
   * the feed (or a test) in image order; synchronized so patches leave in that order.
   */
  @Override
  public synchronized void changed(InfraImage image, Set<String> changed, boolean caughtUp) {
    Map<String, JsonObject> diff = renderer.diff(image, changed);
    long at = System.currentTimeMillis();
    verticle.onLoop(() -> verticle.broadcaster().patch(diff, caughtUp, at));
  }

  @Override
  public void status(String problem) {
    verticle.onLoop(() -> verticle.broadcaster().status(problem));
  }

  @Override
  public synchronized void close() {
    if (feed != null) {
      feed.close();
      feed = null;
    }
    vertx.close().await();
  }
}
