package io.netledger.allocator.ipam;

/** Keys of the allocator's view topics: one place builds and parses them. */
public final class AllocationKeys {
  private AllocationKeys() {}

  public static final String HOST_PREFIX = "host/";

  /** Key of a host's address in a network: {@code host/<hostId>/<networkId>}. */
  public static String hostKey(String hostId, String networkId) {
    return HOST_PREFIX + hostId + "/" + networkId;
  }

  public record HostKey(String hostId, String networkId) {}

  /**
   * Parses {@code host/<hostId>/<networkId>}. Host ids are taken not to contain '/', network ids
   * may (the last part is the network).
   */
  public static HostKey parseHostKey(String key) {
    String rest = key.substring(HOST_PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a host allocation key: " + key);
    }
    return new HostKey(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** Key of a block: {@code <networkId>/<cidr>}. */
  public static String blockKey(String networkId, String blockCidr) {
    return networkId + "/" + blockCidr;
  }

  /** Key of a DNS name: {@code <networkId>/<fqdn>}. */
  public static String dnsKey(String networkId, String fqdn) {
    return networkId + "/" + fqdn;
  }
}
