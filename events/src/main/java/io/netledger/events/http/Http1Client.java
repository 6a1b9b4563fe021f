package io.netledger.events.http;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client every netledger client uses (registry, query APIs, gateway callers),
 * fixed to HTTP/1.1.
 *
 * <p>The JDK client offers an h2c upgrade on every plain-http request, and Vert.x servers accept
 * one by default. A large answer (a {@code /metrics} scrape) then now and then reached the client
 * as HTTP/1.1 bytes on a connection it had already switched to HTTP/2 ("Frame type(56)
 * length(3421233) exceeds MAX_FRAME_SIZE"). Our servers turn the upgrade off too
 * ({@code io.netledger.support.http.Http1}); both ends say so, so neither depends on the other.
 */
public final class Http1Client {
  private Http1Client() {}

  /** A JDK client builder that speaks HTTP/1.1 only. */
  public static HttpClient.Builder builder(Duration connectTimeout) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
  }
}
