package io.netledger.agent.dns;

import io.netledger.events.net.Ipv4;
import java.util.List;
import java.util.Objects;

/**
 * The A records of one name in one network, as the agent serves them.
 *
 * @param networkId the network whose containers may resolve the name
 * @param fqdn lower case, without the trailing dot
 * @param addresses the live addresses, ascending (as the allocator writes them)
 * @param ttlSeconds TTL of every answer for the name
 */
public record ARecordSet(String networkId, String fqdn, List<Ipv4> addresses, int ttlSeconds) {
  public ARecordSet {
    Objects.requireNonNull(networkId, "networkId");
    fqdn = DnsNames.normalize(fqdn);
    addresses = List.copyOf(addresses);
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("negative TTL " + ttlSeconds + " for " + fqdn);
    }
  }
}
