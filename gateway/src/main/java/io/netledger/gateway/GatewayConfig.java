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
 */
public record GatewayConfig(String host, int port, long bodyLimitBytes, Duration ackTimeout, int idempotencyKeys,
    int maxInFlight) {
  public static GatewayConfig of(String host, int port) {
    return new GatewayConfig(host, port, 64 * 1024, Duration.ofSeconds(10), 100_000, 2_000);
  }

  public GatewayConfig withAckTimeout(Duration d) {
    return new GatewayConfig(host, port, bodyLimitBytes, d, idempotencyKeys, maxInFlight);
  }

  public GatewayConfig withBodyLimit(long bytes) {
    return new GatewayConfig(host, port, bytes, ackTimeout, idempotencyKeys, maxInFlight);
  }

  public GatewayConfig withMaxInFlight(int n) {
    return new GatewayConfig(host, port, bodyLimitBytes, ackTimeout, idempotencyKeys, n);
  }
}
