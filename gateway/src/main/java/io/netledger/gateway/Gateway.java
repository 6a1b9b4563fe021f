package io.netledger.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/**
 * A running gateway: its own Vert.x, the verticle, the sink. A gateway that cannot listen fails
 * {@link #start} and leaves nothing running.
 */
public final class Gateway implements AutoCloseable {
  private final Vertx vertx;
  private final GatewayVerticle verticle;
  private final AutoCloseable sinkOwner;

  private Gateway(Vertx vertx, GatewayVerticle verticle, AutoCloseable sinkOwner) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.sinkOwner = sinkOwner;
  }

  /** Starts on {@code config}; {@code sinkOwner} (e.g. the EventPublisher) is closed with it. */
  public static Gateway start(GatewayConfig config, EventSink sink, AutoCloseable sinkOwner) {
    return start(config, sink, DecisionWait.NONE, sinkOwner);
  }

  /** As above, answering {@code ?wait=decided} from {@code decisions}. */
  public static Gateway start(GatewayConfig config, EventSink sink, DecisionWait decisions, AutoCloseable sinkOwner) {
    Vertx vertx = Vertx.vertx();
    GatewayVerticle verticle = new GatewayVerticle(config, sink, decisions,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    try {
      vertx.deployVerticle(verticle).await();
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
    return new Gateway(vertx, verticle, sinkOwner);
  }

  public int port() {
    return verticle.port();
  }

  @Override
  public void close() {
    try {
      vertx.close().await();
    } finally {
      if (sinkOwner != null) {
        try {
          sinkOwner.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("gateway: closing the sink failed: {}", e.toString());
        }
      }
    }
  }
}
