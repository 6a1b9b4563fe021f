package io.netledger.agent.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything an agent is told rather than reads from the log.
 *
 * @param hostId this host's id (its slices are keyed {@code <hostId>/...})
 * @param underlayIp the address other hosts reach this one on (VXLAN source, IKE endpoint)
 * @param underlayDevice the underlay interface, or null to let the kernel choose by route
 * @param bootstrapServers Kafka
 * @param registryUrl the registry's Confluent-compatible root
 * @param resyncInterval how often the kernel is re-read and drift repaired
 * @param statusInterval how often agent-status is written even when nothing changed
 * @param pollTimeout longest wait for new records; also bounds how late a retry or resync runs
 * @param tlsDir the host's credentials ({@code ca.pem}, {@code host.pem}, {@code host.key}: the
 *     same as its IPsec's) for mutual TLS to Kafka, or null for a plaintext cluster
 */
public record AgentConfig(
    String hostId,
    String underlayIp,
    String underlayDevice,
    String bootstrapServers,
    String registryUrl,
    Duration resyncInterval,
    Duration statusInterval,
    Duration pollTimeout,
    java.nio.file.Path tlsDir) {

  public AgentConfig(String hostId, String underlayIp, String underlayDevice, String bootstrapServers,
      String registryUrl, Duration resyncInterval, Duration statusInterval, Duration pollTimeout) {
    this(hostId, underlayIp, underlayDevice, bootstrapServers, registryUrl, resyncInterval, statusInterval,
        pollTimeout, null);
  }

  public AgentConfig {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(underlayIp, "underlayIp");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(registryUrl, "registryUrl");
  }

  public static AgentConfig of(String hostId, String underlayIp, String bootstrapServers, String registryUrl) {
    return new AgentConfig(hostId, underlayIp, null, bootstrapServers, registryUrl,
        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(100));
  }

  public AgentConfig withResyncInterval(Duration d) {
    return new AgentConfig(hostId, underlayIp, underlayDevice, bootstrapServers, registryUrl, d, statusInterval, pollTimeout, tlsDir);
  }

  public AgentConfig withStatusInterval(Duration d) {
    return new AgentConfig(hostId, underlayIp, underlayDevice, bootstrapServers, registryUrl, resyncInterval, d, pollTimeout, tlsDir);
  }

  public AgentConfig withTlsDir(java.nio.file.Path dir) {
    return new AgentConfig(hostId, underlayIp, underlayDevice, bootstrapServers, registryUrl, resyncInterval,
        statusInterval, pollTimeout, dir);
  }

  public AgentConfig withUnderlayDevice(String device) {
    return new AgentConfig(hostId, underlayIp, device, bootstrapServers, registryUrl, resyncInterval, statusInterval, pollTimeout, tlsDir);
  }
}
