package io.netledger.agent.ipsec;

/**
 * The per-host address that encrypted VXLAN runs between. strongSwan's libipsec only carries
 * traffic whose local traffic selector holds an address the host owns, and an IPsec tunnel
 * between the underlay addresses themselves would also swallow IKE; so every host owns one extra
 * /32 in {@value #POOL} (shared address space, RFC 6598, never routed on the underlay), derived
 * from its underlay address so that peers compute it from the {@code Peer} record alone, with
 * nothing new on the log.
 *
 * <p>Derivation: the low 22 bits of the underlay IPv4 address inside 100.64.0.0/10. Unique for
 * hosts whose underlay addresses share a /22 or are otherwise distinct in their low 22 bits
 * (the test world uses one /24); a larger underlay would need the address on the log.
 */
public final class TunnelAddress {
  /** Every tunnel address lies here; an unreachable route for it makes clear VXLAN impossible. */
  public static final String POOL = "100.64.0.0/10";

  private TunnelAddress() {}

  /** The tunnel address of the host with this underlay IPv4 address (dotted quad, no prefix). */
  public static String of(String underlayIp) {
    String[] p = underlayIp.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + underlayIp);
    }
    long v = 0;
    for (String octet : p) {
      int o = Integer.parseInt(octet);
      if (o < 0 || o > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + underlayIp);
      }
      v = (v << 8) | o;
    }
    long t = (100L << 24 | 64L << 16) | (v & 0x3F_FFFFL);
    return (t >> 24 & 255) + "." + (t >> 16 & 255) + "." + (t >> 8 & 255) + "." + (t & 255);
  }
}
