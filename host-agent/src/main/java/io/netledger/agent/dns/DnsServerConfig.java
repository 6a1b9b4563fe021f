package io.netledger.agent.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the DNS server listens and where it forwards.
 *
 * @param host the listen address (169.254.169.250 in production, 127.0.0.1 in tests)
 * @param port UDP and TCP port (53 in production)
 * @param upstreams resolvers for names outside the networks' domains (see {@link Upstreams})
 * @param forwardTimeout how long a forwarded query may take before the client gets SERVFAIL
 * @param negativeTtl SOA minimum: how long resolvers cache "no such name"
 */
public record DnsServerConfig(String host, int port, List<InetSocketAddress> upstreams,
    Duration forwardTimeout, Duration negativeTtl) {
  public static final String PRODUCTION_ADDRESS = "169.254.169.250";
  public static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(5);

  public DnsServerConfig {
    Objects.requireNonNull(host, "host");
    upstreams = List.copyOf(upstreams);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range");
    }
  }

  /** Port 53 on {@code host}, default timeouts. */
  public static DnsServerConfig of(String host, int port, List<InetSocketAddress> upstreams) {
    return new DnsServerConfig(host, port, upstreams, DEFAULT_FORWARD_TIMEOUT, DEFAULT_NEGATIVE_TTL);
  }

  public DnsServerConfig withForwardTimeout(Duration timeout) {
    return new DnsServerConfig(host, port, upstreams, timeout, negativeTtl);
  }
}
