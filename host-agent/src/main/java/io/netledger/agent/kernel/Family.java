package io.netledger.agent.kernel;

/**
 * Address family of an IP text, so every object and command is written once for IPv4 and IPv6
 * (flannel's duplicated v4/v6 branches once let the v6 path delete the v4 route).
 */
public enum Family {
  INET("0.0.0.0/0", 32),
  INET6("::/0", 128);

  private final String any;
  private final int hostLength;

  Family(String any, int hostLength) {
    this.any = any;
    this.hostLength = hostLength;
  }

  /** The family of an address or prefix text ("10.42.0.1", "10.42.0.0/26", "fd00::1"). */
  public static Family of(String ipOrPrefix) {
    return ipOrPrefix.indexOf(':') >= 0 ? INET6 : INET;
  }

  /** The prefix matching every address of the family ("0.0.0.0/0"), used for default routes. */
  public String any() {
    return any;
  }

  /** Prefix length of a single address (32 or 128). */
  public int hostLength() {
    return hostLength;
  }

  /** {@code ip} in canonical prefix form: "10.42.0.2" becomes "10.42.0.2/32", "default" the any-prefix. */
  public static String prefix(String ipOrPrefix) {
    if ("default".equals(ipOrPrefix)) {
      return INET.any;
    }
    if (ipOrPrefix.indexOf('/') >= 0) {
      return ipOrPrefix;
    }
    return ipOrPrefix + "/" + of(ipOrPrefix).hostLength;
  }
}
