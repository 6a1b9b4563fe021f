package io.netledger.agent.metadata;

import io.netledger.agent.dns.DnsView;
import io.netledger.avro.Allocation;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import io.netledger.events.net.Ipv4;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * What one host's metadata API answers from: every live container of every network (from
 * {@code netledger.allocations.v1}, read in full), this host's endpoints and networks and the
 * peers of those networks (its slices of {@code netledger.host-state.v1}), and a version per
 * network that increases whenever something in that network changes.
 *
 * <p>Immutable (persistent maps, so a {@link MetadataDelta} copies O(log n) per change); the
 * per-network {@link NetworkTree} is built lazily on first use and kept with the view. A source
 * address identifies a container only when exactly one local endpoint has it (as in the DNS
 * view: overlapping pools must not leak one network's metadata to the other).
 */
public final class MetadataView {
  private final String hostId;
  private final String underlayIp;
  final PSortedMap<String, LocalEndpoint> endpoints;
  final PSortedMap<String, NetworkOnHost> networks;
  final PSortedMap<String, Peer> peers; // networkId/peerHostId
  final PSortedMap<String, PSortedMap<String, Allocation>> containers; // networkId -> containerId
  final PSortedMap<String, Long> versions;
  private final Map<Ipv4, LocalEndpoint> endpointsByIp;
  private final Map<String, NetworkTree> trees = new ConcurrentHashMap<>();
  // The trees of the view this one was applied onto, whose container nodes a new tree reuses
  // where nothing they show changed; dropped once this view built its own.
  private final Map<String, NetworkTree> previousTrees = new ConcurrentHashMap<>();

  MetadataView(String hostId, String underlayIp, PSortedMap<String, LocalEndpoint> endpoints,
      PSortedMap<String, NetworkOnHost> networks, PSortedMap<String, Peer> peers,
      PSortedMap<String, PSortedMap<String, Allocation>> containers, PSortedMap<String, Long> versions,
      Map<Ipv4, LocalEndpoint> endpointsByIp) {
    this.hostId = Objects.requireNonNull(hostId, "hostId");
    this.underlayIp = Objects.requireNonNull(underlayIp, "underlayIp");
    this.endpoints = endpoints;
    this.networks = networks;
    this.peers = peers;
    this.containers = containers;
    this.versions = versions;
    this.endpointsByIp = endpointsByIp != null ? endpointsByIp : indexByIp(endpoints);
  }

  /** The view of a host that has read nothing yet. */
  public static MetadataView empty(String hostId, String underlayIp) {
    return new MetadataView(hostId, underlayIp, TreePMap.empty(), TreePMap.empty(), TreePMap.empty(),
        TreePMap.empty(), TreePMap.empty(), Map.of());
  }

  /**
   * A view of only what a {@link DnsView} knows (this host's endpoints and networks, no other
   * containers or peers), for callers that have no allocations to give.
   */
  public static MetadataView of(DnsView dns, String underlayIp) {
    return new MetadataView(dns.hostId(), underlayIp, TreePMap.from(dns.endpoints()), TreePMap.from(dns.networks()),
        TreePMap.empty(), TreePMap.empty(), TreePMap.empty(), null);
  }

  static Map<Ipv4, LocalEndpoint> indexByIp(Map<String, LocalEndpoint> endpoints) {
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

  public String underlayIp() {
    return underlayIp;
  }

  /** The local container that owns a source address, if exactly one does. */
  public Optional<LocalEndpoint> endpointAt(Ipv4 source) {
    return Optional.ofNullable(endpointsByIp.get(source));
  }

  Map<Ipv4, LocalEndpoint> endpointsByIp() {
    return endpointsByIp;
  }

  /** The version of a network's metadata: 0 before anything of it was read, then +1 per change. */
  public long version(String networkId) {
    return versions.getOrDefault(networkId, 0L);
  }

  /** This host's endpoints by container id. */
  public Map<String, LocalEndpoint> endpoints() {
    return endpoints;
  }

  /** The networks this host takes part in, by network id. */
  public Map<String, NetworkOnHost> networks() {
    return networks;
  }

  /** The live containers of a network on every host, by container id. */
  public Map<String, Allocation> containersOf(String networkId) {
    PSortedMap<String, Allocation> m = containers.get(networkId);
    return m == null ? Map.of() : m;
  }

  /** The tree of one network as this host serves it, built on first use. */
  public NetworkTree tree(String networkId) {
    return trees.computeIfAbsent(networkId, n -> {
      NetworkTree t = NetworkTree.build(this, n, previousTrees.remove(n));
      return t;
    });
  }

  /** This view was applied onto {@code image}: its trees may lend container nodes. */
  void succeeds(MetadataView image) {
    previousTrees.putAll(image.previousTrees);
    previousTrees.putAll(image.trees);
  }

  @Override
  public String toString() {
    return "MetadataView{host=" + hostId + ", networks=" + networks.size() + ", endpoints=" + endpoints.size()
        + ", containers=" + containers.values().stream().mapToInt(Map::size).sum() + "}";
  }
}
