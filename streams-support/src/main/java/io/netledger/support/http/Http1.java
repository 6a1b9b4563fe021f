package io.netledger.support.http;

import io.vertx.core.http.HttpServerOptions;

/**
 * Plain HTTP/1.1 on every netledger server (query APIs, agent metrics and metadata, gateway).
 *
 * <p>Vert.x servers accept an h2c upgrade by default, and the JDK client asks for one on every
 * plain-http request. A large answer (a {@code /metrics} scrape) then now and then reached the
 * client as HTTP/1.1 bytes on a connection it had already switched to HTTP/2 ("Frame type(56)
 * length(3421233) exceeds MAX_FRAME_SIZE"), and a gateway GET hung. These endpoints are small
 * request/answer pairs that gain nothing from HTTP/2. Clients use
 * {@link io.netledger.events.http.Http1Client}.
 */
public final class Http1 {
  private Http1() {}

  /** Server options with the h2c upgrade turned off. */
  public static HttpServerOptions serverOptions() {
    return new HttpServerOptions().setHttp2ClearTextEnabled(false);
  }
}
