package io.netledger.mesh.state;

import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The mesh's whole state at one point of the log: the facts it read (networks, hosts, held
 * addresses, block claims) and the last generation written for every host. Immutable; the next
 * image comes from {@link MeshDelta#apply()}.
 *
 * <p>Slices are not stored: they are a pure function of the facts ({@link #hostState}), which
 * keeps the image linear in facts (not quadratic in hosts, as peers are) and makes "emit only what
 * changed" a comparison of two images.
 */
public final class MeshImage {
  public static final MeshImage EMPTY = new MeshImage(MeshFacts.EMPTY, HashTreePMap.empty());

  final MeshFacts facts;
  final PMap<String, Long> generations;

  MeshImage(MeshFacts facts, PMap<String, Long> generations) {
    this.facts = facts;
    this.generations = generations;
  }

  /** Last generation written for the host, 0 when none was. */
  public long generation(String hostId) {
    return generations.getOrDefault(hostId, 0L);
  }

  /**
   * Everything one host must program, by host-state key: a NetworkOnHost per network it takes part
   * in, a LocalEndpoint per container it holds, a Peer per other host of those networks. This is
   * what an agent holds after reading its partition of the compacted topic (for this host).
   */
  public SortedMap<String, SpecificRecord> hostState(String hostId) {
    SortedMap<String, SpecificRecord> out = new TreeMap<>();
    for (String networkId : facts.networksOf(hostId)) {
      Scope s = new Scope(networkId, hostId);
      out.putAll(Slices.own(facts, s));
      if (!facts.participates(networkId, hostId)) {
        continue;
      }
      for (String p : facts.participants(networkId)) {
        if (!p.equals(hostId)) {
          out.put(Slices.peerKey(hostId, networkId, p), Slices.advert(facts, new Scope(networkId, p)));
        }
      }
    }
    return out;
  }

  /** Hosts taking part in the network, ascending. */
  public List<String> participants(String networkId) {
    return facts.participants(networkId);
  }

  public Map<String, NetworkCreated> networks() {
    return facts.networks;
  }

  public Map<String, HostRegistered> hosts() {
    return facts.hosts;
  }

  /** Held (ALLOCATED) addresses by allocations-topic key. */
  public Map<String, Allocation> allocations() {
    return facts.allocations;
  }

  /** Block claims by ipam-blocks-topic key. */
  public Map<String, BlockAffinity> blocks() {
    return facts.blocks;
  }

  /** The image as records; {@code fromRecords(toRecords())} equals this image. */
  public List<ImageRecord> toRecords() {
    List<ImageRecord> out = new ArrayList<>();
    facts.networks.values().forEach(n -> out.add(new ImageRecord.Network(n)));
    facts.hosts.values().forEach(h -> out.add(new ImageRecord.Host(h)));
    facts.allocations.forEach((k, a) -> out.add(new ImageRecord.HeldAddress(k, a)));
    facts.blocks.forEach((k, b) -> out.add(new ImageRecord.Block(k, b)));
    generations.forEach((h, g) -> out.add(new ImageRecord.Generation(h, g)));
    return out;
  }

  /**
   * Rebuilds an image from stored records (any order), without validating or deriving anything:
   * the records were valid when they were stored.
   */
  public static MeshImage fromRecords(Iterable<ImageRecord> records) {
    MeshFacts f = MeshFacts.EMPTY;
    PMap<String, Long> gens = HashTreePMap.empty();
    for (ImageRecord r : records) {
      if (r instanceof ImageRecord.Network n) {
        f = f.withNetwork(n.value());
      } else if (r instanceof ImageRecord.Host h) {
        f = f.withHost(h.value());
      } else if (r instanceof ImageRecord.HeldAddress a) {
        f = f.withAllocation(a.key(), a.value());
      } else if (r instanceof ImageRecord.Block b) {
        f = f.withBlock(b.key(), b.value());
      } else if (r instanceof ImageRecord.Generation g) {
        gens = gens.plus(g.hostId(), g.generation());
      }
    }
    return new MeshImage(f, gens);
  }

  /** The record stored under a store key ({@link ImageRecord#storeKey()}), or null. */
  ImageRecord record(String storeKey) {
    int slash = storeKey.indexOf('/');
    String kind = storeKey.substring(0, slash);
    String id = storeKey.substring(slash + 1);
    switch (kind) {
      case "network": {
        NetworkCreated n = facts.networks.get(id);
        return n == null ? null : new ImageRecord.Network(n);
      }
      case "host": {
        HostRegistered h = facts.hosts.get(id);
        return h == null ? null : new ImageRecord.Host(h);
      }
      case "allocation": {
        Allocation a = facts.allocations.get(id);
        return a == null ? null : new ImageRecord.HeldAddress(id, a);
      }
      case "block": {
        BlockAffinity b = facts.blocks.get(id);
        return b == null ? null : new ImageRecord.Block(id, b);
      }
      case "generation": {
        Long g = generations.get(id);
        return g == null ? null : new ImageRecord.Generation(id, g);
      }
      default:
        throw new IllegalArgumentException("not an image store key: " + storeKey);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeshImage i && facts.equals(i.facts) && generations.equals(i.generations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(facts, generations);
  }

  @Override
  public String toString() {
    return "MeshImage(networks=" + facts.networks.size() + ", hosts=" + facts.hosts.size()
        + ", allocations=" + facts.allocations.size() + ", blocks=" + facts.blocks.size() + ")";
  }
}
