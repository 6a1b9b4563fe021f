package io.netledger.events.query;

import io.vertx.core.http.HttpServerOptions;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Plain HTTP/1.1 on both ends of every netledger HTTP conversation.
 *
 * <p>Vert.x servers accept an h2c upgrade by default, and the JDK client asks for one on every
 * plain-http request. A large answer (a {@code /metrics} scrape) then now and then reached the
 * client as HTTP/1.1 bytes on a connection it had already switched to HTTP/2 ("Frame type(56)
 * length(3421233) exceeds MAX_FRAME_SIZE"), and a gateway GET hung. The query, metrics,
 * metadata and gateway endpoints are small request/answer pairs that gain nothing from HTTP/2.
 */
public final class Http1 {
  private Http1() {}

  /** Server options with the h2c upgrade turned off. */
  public static HttpServerOptions serverOptions() {
    return new HttpServerOptions().setHttp2ClearTextEnabled(false);
  }

  /** A JDK client that speaks HTTP/1.1 only. */
  public static HttpClient.Builder client(Duration connectTimeout) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
  }
}
