package io.netledger.mesh.state;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The input facts the mesh holds, exactly as read (networks, registered hosts, held addresses,
 * claimed blocks), plus indexes by network and host so a change is recomputed in time that
 * grows with the hosts of one network, never with the whole cluster.
 *
 * <p>Immutable: every {@code with...}/{@code without...} returns a new value sharing structure
 * with this one (persistent maps). Facts are kept even while incomplete (an address of a host
 * not yet registered): the mesh holds them and derives slices once the missing fact arrives.
 * Only ALLOCATED allocations are kept; a RELEASED or FAILED one, or a tombstone, forgets the key.
 * Equality is on the facts alone; the indexes follow from them.
 */
final class MeshFacts {
  static final MeshFacts EMPTY = new MeshFacts(HashTreePMap.empty(), HashTreePMap.empty(),
      HashTreePSet.empty(), HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(),
      HashTreePMap.empty(), HashTreePMap.empty());

  final PMap<String, NetworkCreated> networks;
  final PMap<String, HostRegistered> hosts;
  /** Registered hosts whose underlay address is not IPv4 (checked once, not on every lookup). */
  private final PSet<String> unreachable;
  final PMap<String, Allocation> allocations;
  final PMap<String, BlockAffinity> blocks;
  /** networkId -> hostId -> key of the host's HOST allocation there. */
  private final PMap<String, PSortedMap<String, String>> hostAllocations;
  /** hostId -> networks where it has a HOST allocation. */
  private final PMap<String, PSortedSet<String>> networksOfHost;
  /** (network, host) -> containerId -> allocation key. */
  private final PMap<Scope, PSortedMap<String, String>> containers;
  /** (network, host) -> blocks affine to the host there. */
  private final PMap<Scope, PSortedSet<Cidr>> blocksOfScope;

  private MeshFacts(PMap<String, NetworkCreated> networks, PMap<String, HostRegistered> hosts,
      PSet<String> unreachable,
      PMap<String, Allocation> allocations, PMap<String, BlockAffinity> blocks,
      PMap<String, PSortedMap<String, String>> hostAllocations,
      PMap<String, PSortedSet<String>> networksOfHost,
      PMap<Scope, PSortedMap<String, String>> containers, PMap<Scope, PSortedSet<Cidr>> blocksOfScope) {
    this.networks = networks;
    this.hosts = hosts;
    this.unreachable = unreachable;
    this.allocations = allocations;
    this.blocks = blocks;
    this.hostAllocations = hostAllocations;
    this.networksOfHost = networksOfHost;
    this.containers = containers;
    this.blocksOfScope = blocksOfScope;
  }

  private MeshFacts with(PMap<String, NetworkCreated> networks, PMap<String, HostRegistered> hosts,
      PSet<String> unreachable) {
    return new MeshFacts(networks, hosts, unreachable, allocations, blocks, hostAllocations, networksOfHost,
        containers, blocksOfScope);
  }

  MeshFacts withNetwork(NetworkCreated n) {
    return with(networks.plus(n.getNetworkId(), n), hosts, unreachable);
  }

  MeshFacts withoutNetwork(String networkId) {
    return with(networks.minus(networkId), hosts, unreachable);
  }

  MeshFacts withHost(HostRegistered h) {
    return with(networks, hosts.plus(h.getHostId(), h), Ipv4.isValid(h.getUnderlayIp())
        ? unreachable.minus(h.getHostId()) : unreachable.plus(h.getHostId()));
  }

  MeshFacts withoutHost(String hostId) {
    return with(networks, hosts.minus(hostId), unreachable.minus(hostId));
  }

  /** Holds {@code a} (ALLOCATED, with a valid ip) under its topic key, replacing what was there. */
  MeshFacts withAllocation(String key, Allocation a) {
    MeshFacts f = withoutAllocation(key);
    Scope s = new Scope(a.getNetworkId(), a.getHostId());
    if (a.getKind() == AllocationKind.HOST) {
      return new MeshFacts(f.networks, f.hosts, f.unreachable, f.allocations.plus(key, a), f.blocks,
          f.hostAllocations.plus(s.networkId(),
              sortedMap(f.hostAllocations.get(s.networkId())).plus(s.hostId(), key)),
          f.networksOfHost.plus(s.hostId(),
              sortedSet(f.networksOfHost.get(s.hostId())).plus(s.networkId())),
          f.containers, f.blocksOfScope);
    }
    return new MeshFacts(f.networks, f.hosts, f.unreachable, f.allocations.plus(key, a), f.blocks,
        f.hostAllocations, f.networksOfHost,
        f.containers.plus(s, sortedMap(f.containers.get(s)).plus(a.getOwnerId(), key)),
        f.blocksOfScope);
  }

  MeshFacts withoutAllocation(String key) {
    Allocation old = allocations.get(key);
    if (old == null) {
      return this;
    }
    Scope s = new Scope(old.getNetworkId(), old.getHostId());
    if (old.getKind() == AllocationKind.HOST) {
      return new MeshFacts(networks, hosts, unreachable, allocations.minus(key), blocks,
          shrink(hostAllocations, s.networkId(), hostAllocations.get(s.networkId()).minus(s.hostId())),
          shrink(networksOfHost, s.hostId(), networksOfHost.get(s.hostId()).minus(s.networkId())),
          containers, blocksOfScope);
    }
    return new MeshFacts(networks, hosts, unreachable, allocations.minus(key), blocks, hostAllocations,
        networksOfHost, shrink(containers, s, containers.get(s).minus(old.getOwnerId())),
        blocksOfScope);
  }

  /** Holds a block claim (its cidr already validated) under its topic key. */
  MeshFacts withBlock(String key, BlockAffinity b) {
    MeshFacts f = withoutBlock(key);
    Scope s = new Scope(b.getNetworkId(), b.getHostId());
    return new MeshFacts(f.networks, f.hosts, f.unreachable, f.allocations, f.blocks.plus(key, b),
        f.hostAllocations, f.networksOfHost, f.containers,
        f.blocksOfScope.plus(s, sortedSet(f.blocksOfScope.get(s)).plus(Cidr.parse(b.getCidr()))));
  }

  MeshFacts withoutBlock(String key) {
    BlockAffinity old = blocks.get(key);
    if (old == null) {
      return this;
    }
    Scope s = new Scope(old.getNetworkId(), old.getHostId());
    return new MeshFacts(networks, hosts, unreachable, allocations, blocks.minus(key), hostAllocations,
        networksOfHost, containers,
        shrink(blocksOfScope, s, blocksOfScope.get(s).minus(Cidr.parse(old.getCidr()))));
  }

  // --- queries -------------------------------------------------------------------------------

  /** The host's registration when it has a usable underlay address, else null. */
  HostRegistered reachableHost(String hostId) {
    return unreachable.contains(hostId) ? null : hosts.get(hostId);
  }

  Allocation hostAllocation(String networkId, String hostId) {
    PSortedMap<String, String> byHost = hostAllocations.get(networkId);
    String key = byHost == null ? null : byHost.get(hostId);
    return key == null ? null : allocations.get(key);
  }

  /**
   * A host takes part in a network exactly while it holds an ALLOCATED HOST address there, and
   * only once the network and a reachable host registration are known too (facts that arrive out
   * of order are held until then).
   */
  boolean participates(String networkId, String hostId) {
    return networks.containsKey(networkId) && reachableHost(hostId) != null
        && hostAllocation(networkId, hostId) != null;
  }

  /** Hosts taking part in the network, ascending. */
  List<String> participants(String networkId) {
    List<String> out = new ArrayList<>();
    for (String h : sortedMap(hostAllocations.get(networkId)).keySet()) {
      if (participates(networkId, h)) {
        out.add(h);
      }
    }
    return out;
  }

  /** Hosts holding a HOST address in the network, whether complete or not, ascending. */
  Collection<String> hostsWithAddressIn(String networkId) {
    return sortedMap(hostAllocations.get(networkId)).keySet();
  }

  /** Networks where the host holds a HOST address, ascending. */
  PSortedSet<String> networksOf(String hostId) {
    return sortedSet(networksOfHost.get(hostId));
  }

  /** The host's container allocations in the network, by containerId ascending. */
  List<Allocation> containerAllocations(Scope s) {
    List<Allocation> out = new ArrayList<>();
    for (String key : sortedMap(containers.get(s)).values()) {
      out.add(allocations.get(key));
    }
    return out;
  }

  PSortedSet<Cidr> blocksOf(Scope s) {
    return sortedSet(blocksOfScope.get(s));
  }

  // --- persistent-map helpers ------------------------------------------------------------------

  private static <K extends Comparable<K>, V> PSortedMap<K, V> sortedMap(PSortedMap<K, V> m) {
    return m == null ? TreePMap.empty() : m;
  }

  private static <E extends Comparable<E>> PSortedSet<E> sortedSet(PSortedSet<E> s) {
    return s == null ? TreePSet.empty() : s;
  }

  /** Replaces an inner collection, dropping the entry when it became empty (equality, memory). */
  private static <K, C extends Collection<?>> PMap<K, C> shrink(PMap<K, C> outer, K key, C inner) {
    return inner.isEmpty() ? outer.minus(key) : outer.plus(key, inner);
  }

  private static <K, M extends Map<?, ?>> PMap<K, M> shrink(PMap<K, M> outer, K key, M inner) {
    return inner.isEmpty() ? outer.minus(key) : outer.plus(key, inner);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeshFacts f && networks.equals(f.networks) && hosts.equals(f.hosts)
        && allocations.equals(f.allocations) && blocks.equals(f.blocks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networks, hosts, allocations, blocks);
  }
}
