package io.netledger.events.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the log. {@code registryUrl} is the registry's Confluent-compatible root (for
 * Apicurio {@code http://host:port/apis/ccompat/v7}). {@code autoRegister} is for development:
 * in production the schemas are registered by the release, and a publisher only looks them up.
 */
public record PublisherConfig(
    String bootstrapServers,
    String registryUrl,
    String source,
    Duration timeout,
    boolean autoRegister,
    Clock clock,
    Map<String, Object> producerOverrides) {

  public PublisherConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(registryUrl, "registryUrl");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(clock, "clock");
    producerOverrides = Map.copyOf(producerOverrides);
  }

  public static PublisherConfig of(String bootstrapServers, String registryUrl, String source) {
    return new PublisherConfig(bootstrapServers, registryUrl, source, Duration.ofSeconds(15), true,
        Clock.systemUTC(), Map.of());
  }

  public PublisherConfig withTimeout(Duration t) {
    return new PublisherConfig(bootstrapServers, registryUrl, source, t, autoRegister, clock, producerOverrides);
  }

  public PublisherConfig withAutoRegister(boolean on) {
    return new PublisherConfig(bootstrapServers, registryUrl, source, timeout, on, clock, producerOverrides);
  }

  public PublisherConfig withClock(Clock c) {
    return new PublisherConfig(bootstrapServers, registryUrl, source, timeout, autoRegister, c, producerOverrides);
  }

  /**
   * Mutual TLS with the credentials in {@code dir} ({@link io.netledger.events.security.KafkaTls});
   * null keeps plaintext. Merged into the producer overrides.
   */
  public PublisherConfig withTls(java.nio.file.Path dir) {
    if (dir == null) {
      return this;
    }
    Map<String, Object> merged = new java.util.HashMap<>(producerOverrides);
    merged.putAll(io.netledger.events.security.KafkaTls.in(dir).clientProperties());
    return withProducerOverrides(merged);
  }

  public PublisherConfig withProducerOverrides(Map<String, Object> overrides) {
    return new PublisherConfig(bootstrapServers, registryUrl, source, timeout, autoRegister, clock, overrides);
  }
}
