package io.netledger.agent.metadata;

import java.util.Objects;

/**
 * Where the metadata API listens and what it says about its host.
 *
 * @param host listen address (169.254.169.250 in production)
 * @param port listen port (80 in production, 0 for any free port)
 * @param underlayIp this host's underlay address, reported by {@code /latest/self/host}
 */
public record MetadataConfig(String host, int port, String underlayIp) {
  public MetadataConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(underlayIp, "underlayIp");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range");
    }
  }
}
