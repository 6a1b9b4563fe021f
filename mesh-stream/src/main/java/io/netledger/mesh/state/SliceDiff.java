package io.netledger.mesh.state;

import io.netledger.avro.HostStateSlice;
import io.netledger.avro.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.pcollections.PMap;

/**
 * Compares the slices of touched scopes between two fact sets and turns the differences into
 * host-state records with per-host generations.
 *
 * <p>A scope (network n, host h) decides three groups of slices: h's own slices in n (its
 * NetworkOnHost and LocalEndpoints); the Peer slice every other participant r of n holds about h
 * ({@code r/peer/n/h}, the same advert for every r); and, when h starts or stops taking part, h's
 * Peer slices about every other participant. Only these are recomputed, so a container start
 * costs O(containers of its host) unless it changes what the host advertises, and then
 * O(participants of the network): the writes a data plane of per-host blocks must make anyway.
 */
final class SliceDiff {
  private record Pending(String hostId, SpecificRecord before, SpecificRecord after, Cause cause) {}

  private final MeshFacts before;
  private final MeshFacts after;
  private PMap<String, Long> generations;
  /** By host-state key, sorted so the output order is deterministic (audit replays compare it). */
  private final Map<String, Pending> pending = new TreeMap<>();
  private final Map<String, List<String>> participantsBefore = new HashMap<>();
  private final Map<String, List<String>> participantsAfter = new HashMap<>();
  private final Set<String> changedHosts = new TreeSet<>();
  private final PeerFanout fanout;
  /** PER_NETWORK: the changed adverts by network-peers key, each sent once whoever receives it. */
  private final Map<String, Pending> adverts = new TreeMap<>();

  SliceDiff(MeshFacts before, MeshFacts after, PMap<String, Long> generations) {
    this(before, after, generations, PeerFanout.PER_HOST);
  }

  SliceDiff(MeshFacts before, MeshFacts after, PMap<String, Long> generations, PeerFanout fanout) {
    this.before = before;
    this.after = after;
    this.generations = generations;
    this.fanout = fanout;
  }

  void scope(Scope s, Cause cause) {
    Map<String, SpecificRecord> ownBefore = Slices.own(before, s);
    Map<String, SpecificRecord> ownAfter = Slices.own(after, s);
    for (String key : union(ownBefore.keySet(), ownAfter.keySet())) {
      offer(key, s.hostId(), ownBefore.get(key), ownAfter.get(key), cause);
    }
    Peer advertBefore = Slices.advert(before, s);
    Peer advertAfter = Slices.advert(after, s);
    if (Objects.equals(advertBefore, advertAfter)) {
      return;
    }
    if (fanout == PeerFanout.PER_NETWORK) {
      // Rendered once for the network; receivers pick it up from the log, so neither an advert
      // change nor a join costs a record per other participant.
      Pending known = adverts.get(Slices.networkPeerKey(s.networkId(), s.hostId()));
      adverts.put(Slices.networkPeerKey(s.networkId(), s.hostId()), new Pending(s.hostId(),
          known != null ? known.before() : advertBefore, advertAfter, known != null ? known.cause() : cause));
      return;
    }
    boolean inBefore = advertBefore != null;
    boolean inAfter = advertAfter != null;
    for (String other : union(participants(before, participantsBefore, s.networkId()),
        participants(after, participantsAfter, s.networkId()))) {
      if (other.equals(s.hostId())) {
        continue;
      }
      boolean otherBefore = before.participates(s.networkId(), other);
      boolean otherAfter = after.participates(s.networkId(), other);
      // What the other host holds about this one.
      offer(Slices.peerKey(other, s.networkId(), s.hostId()), other,
          otherBefore ? advertBefore : null, otherAfter ? advertAfter : null, cause);
      if (inBefore != inAfter) {
        // This host joined or left: what it holds about every other host.
        Scope o = new Scope(s.networkId(), other);
        offer(Slices.peerKey(s.hostId(), s.networkId(), other), s.hostId(),
            inBefore && otherBefore ? Slices.advert(before, o) : null,
            inAfter && otherAfter ? Slices.advert(after, o) : null, cause);
      }
    }
  }

  /**
   * Records what one scope knows of a key: its value before and after, each null when the key is
   * not in this scope. A key can be offered by two scopes: an endpoint key names the container,
   * not its network, so a container that moved is gone from one scope and new in another (and a
   * peer key is reached from both hosts' scopes). The key's value lives in at most one scope at a
   * time, so the non-null sides together are its real before and after.
   */
  private void offer(String key, String hostId, SpecificRecord b, SpecificRecord a, Cause cause) {
    if (Objects.equals(b, a)) {
      return;
    }
    Pending known = pending.get(key);
    if (known == null) {
      pending.put(key, new Pending(hostId, b, a, cause));
    } else {
      // The first cause is kept: scopes are visited in order, so the output stays deterministic.
      pending.put(key, new Pending(hostId, known.before() != null ? known.before() : b,
          known.after() != null ? known.after() : a, known.cause()));
    }
  }

  private static List<String> participants(MeshFacts f, Map<String, List<String>> cache, String networkId) {
    return cache.computeIfAbsent(networkId, f::participants);
  }

  private static Set<String> union(Iterable<String> a, Iterable<String> b) {
    Set<String> out = new TreeSet<>();
    a.forEach(out::add);
    b.forEach(out::add);
    return out;
  }

  /** The records, in key order, each with the next generation of its host. */
  List<SliceChange> changes() {
    List<SliceChange> out = new ArrayList<>(pending.size());
    pending.forEach((key, p) -> {
      if (Objects.equals(p.before(), p.after())) {
        return; // offered as gone by one scope and as new, identical, by another
      }
      long generation = generations.getOrDefault(p.hostId(), 0L) + 1;
      generations = generations.plus(p.hostId(), generation);
      changedHosts.add(p.hostId());
      HostStateSlice slice = p.after() == null ? null : new HostStateSlice(p.hostId(), generation,
          p.cause().occurredAt(), p.cause().coordinates(), p.after());
      out.add(new SliceChange(key, p.hostId(), slice));
    });
    return out;
  }

  /**
   * PER_NETWORK only: the changed adverts for {@code netledger.network-peers.v1}, in key order,
   * each a slice of the advertising host (hostId) carrying that host's generation after
   * {@link #changes()} (adverts do not advance it: no agent applies them as its own slices), null
   * for a host that stopped taking part. Call after {@link #changes()}.
   */
  List<SliceChange> networkPeers() {
    List<SliceChange> out = new ArrayList<>(adverts.size());
    adverts.forEach((key, p) -> {
      if (Objects.equals(p.before(), p.after())) {
        return;
      }
      HostStateSlice slice = p.after() == null ? null : new HostStateSlice(p.hostId(),
          generations.getOrDefault(p.hostId(), 0L), p.cause().occurredAt(), p.cause().coordinates(), p.after());
      out.add(new SliceChange(key, p.hostId(), slice));
    });
    return out;
  }

  /** Generations after {@link #changes()}. */
  PMap<String, Long> generations() {
    return generations;
  }

  Set<String> changedHosts() {
    return changedHosts;
  }
}
