package io.netledger.agent.dns;

import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.events.net.Ipv4;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one host's DNS and metadata servers answer from: the A records of every network (from
 * {@code netledger.dns-records.v1}, read in full) and this host's endpoints and networks (its
 * slices of {@code netledger.host-state.v1}).
 *
 * <p>Immutable; a {@link DnsDelta} replays records onto it and {@link DnsDelta#apply()} returns
 * the next view, so a server can hold the current view in a volatile field and never lock.
 *
 * <p>A source address identifies a container only when exactly one local endpoint has it:
 * two networks with overlapping pools could give two containers of this host the same address,
 * and guessing between them could leak one network's names to the other, so such an address
 * counts as unknown (it gets forwarding only).
 */
public final class DnsView {
  private final String hostId;
  private final long generation;
  private final Map<String, NetworkNames> names;
  private final Map<String, LocalEndpoint> endpoints;
  private final Map<String, NetworkOnHost> networks;
  private final Map<Ipv4, LocalEndpoint> endpointsByIp;
  private final Map<String, String> domains; // networkId -> normalized domain, looked up per query

  DnsView(String hostId, long generation, Map<String, NetworkNames> names,
      Map<String, LocalEndpoint> endpoints, Map<String, NetworkOnHost> networks) {
    this.hostId = Objects.requireNonNull(hostId, "hostId");
    this.generation = generation;
    this.names = Collections.unmodifiableMap(new HashMap<>(names));
    this.endpoints = Collections.unmodifiableMap(new TreeMap<>(endpoints));
    this.networks = Collections.unmodifiableMap(new TreeMap<>(networks));
    this.endpointsByIp = indexByIp(endpoints);
    Map<String, String> d = new HashMap<>();
    networks.forEach((id, n) -> d.put(id, DnsNames.normalize(n.getDnsDomain())));
    this.domains = Collections.unmodifiableMap(d);
  }

  /** The empty view of a host: no names, no endpoints. */
  public static DnsView empty(String hostId) {
    return new DnsView(hostId, 0, Map.of(), Map.of(), Map.of());
  }

  private static Map<Ipv4, LocalEndpoint> indexByIp(Map<String, LocalEndpoint> endpoints) {
    Map<Ipv4, LocalEndpoint> byIp = new HashMap<>();
    Set<Ipv4> ambiguous = new HashSet<>();
    for (LocalEndpoint e : endpoints.values()) {
      Ipv4 ip = Ipv4.parse(e.getIp());
      if (byIp.putIfAbsent(ip, e) != null) {
        ambiguous.add(ip);
      }
    }
    byIp.keySet().removeAll(ambiguous);
    return Collections.unmodifiableMap(byIp);
  }

  public String hostId() {
    return hostId;
  }

  /** Increases by one on every applied delta that changed something; the SOA serial. */
  public long generation() {
    return generation;
  }

  /** The record set of a name in a network ({@code fqdn} normalized: lower case, no trailing dot). */
  public Optional<ARecordSet> records(String networkId, String fqdn) {
    return namesOf(networkId).records(fqdn);
  }

  /** All names of a network (empty when the view knows none). */
  public NetworkNames namesOf(String networkId) {
    return names.getOrDefault(networkId, NetworkNames.EMPTY);
  }

  /** True when some network other than {@code networkId} has records for the name. */
  public boolean isNameOfOtherNetwork(String networkId, String fqdn) {
    for (Map.Entry<String, NetworkNames> e : names.entrySet()) {
      if (!e.getKey().equals(networkId) && e.getValue().records(fqdn).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** The local container that owns a source address, if exactly one does. */
  public Optional<LocalEndpoint> endpointAt(Ipv4 source) {
    return Optional.ofNullable(endpointsByIp.get(source));
  }

  /** The DNS domains a network's containers are authoritatively answered for. */
  public Set<String> domainsOf(String networkId) {
    String d = domains.get(networkId);
    return d == null ? Set.of() : Set.of(d);
  }

  /** The most specific domain of the network that contains the name. */
  public Optional<String> domainContaining(String networkId, String fqdn) {
    // One domain per network today (NetworkOnHost.dnsDomain); the set-valued API leaves room for more.
    String d = domains.get(networkId);
    return d != null && DnsNames.isWithin(fqdn, d) ? Optional.of(d) : Optional.empty();
  }

  /** This host's endpoints by container id, sorted. */
  public Map<String, LocalEndpoint> endpoints() {
    return endpoints;
  }

  /** The networks this host takes part in, by network id, sorted. */
  public Map<String, NetworkOnHost> networks() {
    return networks;
  }

  Map<String, NetworkNames> names() {
    return names;
  }

  @Override
  public String toString() {
    return "DnsView{host=" + hostId + ", generation=" + generation + ", networks=" + names.size()
        + ", endpoints=" + endpoints.size() + "}";
  }
}
