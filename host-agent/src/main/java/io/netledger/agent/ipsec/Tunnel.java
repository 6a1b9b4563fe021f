package io.netledger.agent.ipsec;

import java.util.Objects;

/**
 * One IKEv2 connection of this host to one peer host: it carries the VXLAN traffic of every
 * encrypted network the two share, between their {@link TunnelAddress tunnel addresses}.
 *
 * @param name the connection and child name in charon ({@code nl-<peer host id>}, sanitised)
 * @param peerHostId the peer
 * @param localUnderlay this host's IKE endpoint
 * @param remoteUnderlay the peer's IKE endpoint
 * @param localTs this host's tunnel address (the local traffic selector, /32)
 * @param remoteTs the peer's tunnel address
 * @param remoteId the peer's IKE identity as published in HostRegistered (its certificate subject)
 * @param initiator whether this side starts the SA (the lower host id); the other side answers
 *     and only initiates after a grace period, so the two never race into duplicate SAs
 */
public record Tunnel(String name, String peerHostId, String localUnderlay, String remoteUnderlay,
    String localTs, String remoteTs, String remoteId, boolean initiator) {
  public Tunnel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(remoteId, "remoteId");
  }

  /** Connection name for a peer: charon section names allow letters, digits, '-' and '_'. */
  public static String nameFor(String peerHostId) {
    return "nl-" + peerHostId.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
