package io.netledger.gateway;

import java.time.Duration;

/**
 * How the gateway listens and what it accepts.
 *
 * @param host address to bind (127.0.0.1, or an address inside a namespace of ours)
 * @param port port, 0 for any free one
 * @param bodyLimitBytes larger bodies get 413 (lifecycle events are a few hundred bytes)
 * @param ackTimeout longest wait for Kafka's acknowledgement before answering 503
 * @param idempotencyKeys how many Idempotency-Keys are remembered (oldest forgotten first)
 * @param maxInFlight events awaiting Kafka's acknowledgement beyond which requests get an
 *     immediate 503 (load shedding: an open-loop flood otherwise piles up connections until the
 *     process runs out of file descriptors)
 * @param tls HTTPS with client certificates of the cluster CA (a request without one gets 401,
 *     a principal refused by {@link Admission} 403); empty: plain HTTP, no authentication, for
 *     experiments ({@code --insecure})
 * @param waitTimeout longest wait of {@code ?wait=decided} for the allocator's decision after
 *     Kafka's acknowledgement before answering 504
 */
public record GatewayConfig(String host, int port, long bodyLimitBytes, Duration ackTimeout, int idempotencyKeys,
    int maxInFlight, java.util.Optional<GatewayTls> tls, Duration waitTimeout) {
  public GatewayConfig(String host, int port, long bodyLimitBytes, Duration ackTimeout, int idempotencyKeys,
      int maxInFlight, java.util.Optional<GatewayTls> tls) {
    this(host, port, bodyLimitBytes, ackTimeout, idempotencyKeys, maxInFlight, tls, Duration.ofSeconds(10));
  }

  public static GatewayConfig of(String host, int port) {
    return new GatewayConfig(host, port, 64 * 1024, Duration.ofSeconds(10), 100_000, 2_000, java.util.Optional.empty());
  }

  public GatewayConfig withWaitTimeout(Duration d) {
    return new GatewayConfig(host, port, bodyLimitBytes, ackTimeout, idempotencyKeys, maxInFlight, tls, d);
  }

  public GatewayConfig withTls(GatewayTls t) {
    return new GatewayConfig(host, port, bodyLimitBytes, ackTimeout, idempotencyKeys, maxInFlight,
        java.util.Optional.ofNullable(t), waitTimeout);
  }

  public GatewayConfig withAckTimeout(Duration d) {
    return new GatewayConfig(host, port, bodyLimitBytes, d, idempotencyKeys, maxInFlight, tls, waitTimeout);
  }

  public GatewayConfig withBodyLimit(long bytes) {
    return new GatewayConfig(host, port, bytes, ackTimeout, idempotencyKeys, maxInFlight, tls, waitTimeout);
  }

  public GatewayConfig withMaxInFlight(int n) {
    return new GatewayConfig(host, port, bodyLimitBytes, ackTimeout, idempotencyKeys, n, tls, waitTimeout);
  }
}
