package io.netledger.agent.runtime;

import io.netledger.agent.dns.DnsServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the agent serves its containers: DNS (UDP and TCP) and metadata (HTTP) on one address,
 * 169.254.169.250 in production, and where their resolv.conf files go.
 *
 * @param upstreams resolvers for names outside every netledger domain (empty: answer SERVFAIL)
 * @param resolvRoot {@code /etc/netns} in production, or null to write no resolv.conf
 */
public record Serving(String address, int dnsPort, int metadataPort, List<InetSocketAddress> upstreams,
    Path resolvRoot) {
  public Serving {
    upstreams = List.copyOf(upstreams);
  }

  public static Serving production(List<InetSocketAddress> upstreams) {
    return new Serving(DnsServerConfig.PRODUCTION_ADDRESS, 53, 80, upstreams, Path.of("/etc/netns"));
  }
}
