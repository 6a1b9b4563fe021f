package io.netledger.agent.ipsec;

import java.util.List;

/**
 * What the supervisor last saw: one entry per desired tunnel, how often charon had to be
 * restarted, and the last error (null when none). Immutable; read by agent-status and /metrics.
 */
public record IpsecStatus(boolean charonRunning, long charonRestarts, long initiations, List<TunnelState> tunnels,
    String error) {
  public static final IpsecStatus NONE = new IpsecStatus(false, 0, 0, List.of(), null);

  /** One tunnel: {@code ikeState} as charon names it (ESTABLISHED, CONNECTING, ...) or DOWN when no SA exists. */
  public record TunnelState(String peerHostId, String name, String ikeState, String childState,
      long bytesIn, long packetsIn, long bytesOut, long packetsOut) {
    public boolean up() {
      return "ESTABLISHED".equals(ikeState) && "INSTALLED".equals(childState);
    }
  }

  public IpsecStatus {
    tunnels = List.copyOf(tunnels);
  }

  public long tunnelsUp() {
    return tunnels.stream().filter(TunnelState::up).count();
  }
}
