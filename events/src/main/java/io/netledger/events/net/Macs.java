package io.netledger.events.net;

/**
 * MAC addresses derived from IPv4 addresses, so an interface keeps its MAC across restarts and
 * every host computes a peer's VTEP MAC without asking. The prefix {@code 0a:58} has the
 * locally-administered bit set and the multicast bit clear (the same scheme as OVN-Kubernetes).
 */
public final class Macs {
  private Macs() {}

  public static String fromIpv4(Ipv4 ip) {
    return String.format("0a:58:%02x:%02x:%02x:%02x", ip.octet(0), ip.octet(1), ip.octet(2), ip.octet(3));
  }

  public static String fromIpv4(String ip) {
    return fromIpv4(Ipv4.parse(ip));
  }
}
