package io.netledger.agent.calc;

import java.util.Objects;

/**
 * What the agent knows about its own host from configuration rather than from the log:
 * its id, its underlay address (VXLAN source) and, optionally, the underlay device.
 */
public record HostConfig(String hostId, String underlayIp, String underlayDevice) {
  public HostConfig {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(underlayIp, "underlayIp");
  }
}
