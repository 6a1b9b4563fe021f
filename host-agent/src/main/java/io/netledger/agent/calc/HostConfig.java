package io.netledger.agent.calc;

import java.util.Objects;

/**
 * What the agent knows about its own host from configuration rather than from the log:
 * its id, its underlay address (VXLAN source), optionally the underlay device, and whether it
 * can encrypt ({@code ipsecRefusal} null) or why not (then encrypted networks are refused: fail
 * closed, the reason goes to {@link DesiredState#problems()} and so to agent-status).
 */
public record HostConfig(String hostId, String underlayIp, String underlayDevice, String ipsecRefusal) {
  /** Why a host cannot encrypt when nobody checked: no IPsec was configured for it. */
  public static final String NO_IPSEC = "this agent runs without IPsec (no --ipsec-dir)";

  public HostConfig {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(underlayIp, "underlayIp");
  }

  /** A host that cannot encrypt (the safe default). */
  public HostConfig(String hostId, String underlayIp, String underlayDevice) {
    this(hostId, underlayIp, underlayDevice, NO_IPSEC);
  }

  public boolean canEncrypt() {
    return ipsecRefusal == null;
  }
}
