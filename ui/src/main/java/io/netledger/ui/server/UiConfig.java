package io.netledger.ui.server;

import java.util.Objects;

/**
 * Where the page is served.
 *
 * @param host address to bind: loopback unless the operator says otherwise
 * @param port port (0: any free one)
 */
public record UiConfig(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8090;

  public UiConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
  }

  public static UiConfig loopback(int port) {
    return new UiConfig(DEFAULT_HOST, port);
  }
}
