package io.netledger.mesh.state;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The changes of the input records replayed since {@code base}: one {@code replay} per input
 * record type, then {@link #apply()} for the next image. After {@code apply()},
 * {@link #changes()} lists the host-state records to write (only slices whose content changed,
 * tombstones for slices that are gone, each with the next generation of its host),
 * {@link #rejections()} the inputs that were inconsistent, and {@link #imageChanges()} the image
 * records to store (null = delete).
 *
 * <p>Out-of-order inputs: topics are read without any order between them, so an address may
 * arrive before its host's HostRegistered or its network's NetworkCreated. The mesh <em>holds</em>
 * such a fact (it stays in the image and takes effect once the missing fact arrives, with no
 * further input needed) and <em>also</em> writes a Rejection naming what is missing, so the gap
 * is visible while it lasts and nothing is silently dropped. A fact that no later input can make
 * usable (an ALLOCATED address without an ip, a block that is not a CIDR) is rejected and not held.
 * A container address that arrives before its host's HOST address is held without a rejection:
 * both come from the allocator, which writes them together, so the gap is not anyone's fault.
 *
 * <p>Not thread-safe; one delta per batch of input records.
 */
public final class MeshDelta {
  public static final String REJECTED_BY = "mesh-stream";

  private final MeshImage base;
  private MeshFacts facts;
  /** Scopes whose slices may have changed, with the last input that touched each. */
  private final Map<Scope, Cause> touched = new TreeMap<>();
  private final Set<String> touchedStoreKeys = new LinkedHashSet<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private List<SliceChange> changes;
  private List<SliceChange> networkPeers;
  private Map<String, ImageRecord> imageChanges;
  private final PeerFanout fanout;

  /** A delta that writes peers per receiving host ({@link PeerFanout#PER_HOST}). */
  public MeshDelta(MeshImage base) {
    this(base, PeerFanout.PER_HOST);
  }

  /**
   * A delta on {@code base} delivering peers as {@code fanout} says: with
   * {@link PeerFanout#PER_NETWORK} {@link #changes()} holds no Peer slices and
   * {@link #networkPeers()} the changed adverts. The image and its records are the same for both.
   */
  public MeshDelta(MeshImage base, PeerFanout fanout) {
    this.base = base;
    this.facts = base.facts;
    this.fanout = fanout;
  }

  /** NetworkCreated (re-creating replaces the facts) or NetworkDeleted. */
  public void replay(String key, NetworkEvent event, InputCoordinates at) {
    Cause cause = new Cause(at, event.getOccurredAt());
    if (event.getPayload() instanceof NetworkCreated c) {
      if (c.getNetworkId().contains("/")) {
        reject(RejectionReason.INVALID_INPUT, "network id '" + c.getNetworkId()
            + "' contains '/', which host-state keys use as separator", key, cause);
        return;
      }
      try {
        Cidr.parse(c.getCidr());
      } catch (IllegalArgumentException e) {
        reject(RejectionReason.INVALID_INPUT, "network " + c.getNetworkId() + ": " + e.getMessage(), key, cause);
        return;
      }
      facts = facts.withNetwork(NetworkCreated.newBuilder(c).build());
      touchNetwork(c.getNetworkId(), cause);
      touchedStoreKeys.add("network/" + c.getNetworkId());
    } else if (event.getPayload() instanceof NetworkDeleted d) {
      if (!facts.networks.containsKey(d.getNetworkId())) {
        reject(RejectionReason.UNKNOWN_NETWORK, "network " + d.getNetworkId() + " is not known", key, cause);
        return;
      }
      facts = facts.withoutNetwork(d.getNetworkId());
      touchNetwork(d.getNetworkId(), cause);
      touchedStoreKeys.add("network/" + d.getNetworkId());
    }
  }

  /** HostRegistered (re-registering replaces the facts) or HostRemoved. */
  public void replay(String key, HostEvent event, InputCoordinates at) {
    Cause cause = new Cause(at, event.getOccurredAt());
    if (event.getPayload() instanceof HostRegistered r) {
      if (r.getHostId().contains("/")) {
        // The hostId is the first segment of every host-state key and picks the partition.
        reject(RejectionReason.INVALID_INPUT, "host id '" + r.getHostId()
            + "' contains '/', which host-state keys use as separator", key, cause);
        return;
      }
      facts = facts.withHost(HostRegistered.newBuilder(r).build());
      if (facts.reachableHost(r.getHostId()) == null && !facts.networksOf(r.getHostId()).isEmpty()) {
        reject(RejectionReason.INCONSISTENT, "host " + r.getHostId() + " takes part in networks "
            + facts.networksOf(r.getHostId()) + " but its underlay address '" + r.getUnderlayIp()
            + "' is not an IPv4 address; held until it re-registers with one", key, cause);
      }
      touchHost(r.getHostId(), cause);
      touchedStoreKeys.add("host/" + r.getHostId());
    } else if (event.getPayload() instanceof HostRemoved r) {
      if (!facts.hosts.containsKey(r.getHostId())) {
        reject(RejectionReason.UNKNOWN_HOST, "host " + r.getHostId() + " is not registered", key, cause);
        return;
      }
      // Its addresses and blocks stay until the allocator releases them; without a registration
      // they no longer make the host take part anywhere, so all its slices and peers go now.
      facts = facts.withoutHost(r.getHostId());
      touchHost(r.getHostId(), cause);
      touchedStoreKeys.add("host/" + r.getHostId());
    }
  }

  /**
   * A record of the allocations topic: {@code value} null is a tombstone. ALLOCATED holds the
   * address under {@code key}; RELEASED, FAILED and tombstones forget it.
   */
  public void replayAllocation(String key, Allocation value, InputCoordinates at, Instant occurredAt) {
    Cause cause = new Cause(at, occurredAt);
    Allocation old = facts.allocations.get(key);
    if (old != null) {
      touch(new Scope(old.getNetworkId(), old.getHostId()), cause);
      facts = facts.withoutAllocation(key);
      touchedStoreKeys.add("allocation/" + key);
    }
    if (value == null || value.getState() != AllocationState.ALLOCATED) {
      return;
    }
    String what = (value.getKind() == AllocationKind.HOST ? "host address " : "address ") + key;
    if (value.getIp() == null || !Ipv4.isValid(value.getIp())) {
      reject(RejectionReason.INCONSISTENT, what + " is ALLOCATED without a valid ip ('" + value.getIp() + "')", key, cause);
      return;
    }
    if (value.getKind() == AllocationKind.CONTAINER && value.getNetns() == null) {
      reject(RejectionReason.INCONSISTENT, what + " is ALLOCATED without the container's netns", key, cause);
      return;
    }
    facts = facts.withAllocation(key, Allocation.newBuilder(value).build());
    touchedStoreKeys.add("allocation/" + key);
    touch(new Scope(value.getNetworkId(), value.getHostId()), cause);
    rejectIfIncomplete(what, value.getNetworkId(), value.getHostId(), key, cause);
  }

  /** A record of the ipam-blocks topic: {@code value} null releases the block. */
  public void replayBlock(String key, BlockAffinity value, InputCoordinates at, Instant occurredAt) {
    Cause cause = new Cause(at, occurredAt);
    BlockAffinity old = facts.blocks.get(key);
    if (old != null) {
      touch(new Scope(old.getNetworkId(), old.getHostId()), cause);
      facts = facts.withoutBlock(key);
      touchedStoreKeys.add("block/" + key);
    }
    if (value == null) {
      return;
    }
    try {
      Cidr.parse(value.getCidr());
    } catch (IllegalArgumentException e) {
      reject(RejectionReason.INCONSISTENT, "block " + key + ": " + e.getMessage(), key, cause);
      return;
    }
    facts = facts.withBlock(key, BlockAffinity.newBuilder(value).build());
    touchedStoreKeys.add("block/" + key);
    touch(new Scope(value.getNetworkId(), value.getHostId()), cause);
    rejectIfIncomplete("block " + key, value.getNetworkId(), value.getHostId(), key, cause);
  }

  private void rejectIfIncomplete(String what, String networkId, String hostId, String key, Cause cause) {
    if (!facts.networks.containsKey(networkId)) {
      reject(RejectionReason.UNKNOWN_NETWORK, what + " is in network " + networkId
          + ", which is not known; held until NetworkCreated arrives", key, cause);
    } else if (!facts.hosts.containsKey(hostId)) {
      reject(RejectionReason.UNKNOWN_HOST, what + " is on host " + hostId
          + ", which is not registered; held until HostRegistered arrives", key, cause);
    } else if (facts.reachableHost(hostId) == null) {
      reject(RejectionReason.INCONSISTENT, what + " puts host " + hostId + " in network " + networkId
          + " but the host has no valid underlay address; held until it re-registers with one", key, cause);
    }
  }

  private void touchNetwork(String networkId, Cause cause) {
    for (String h : facts.hostsWithAddressIn(networkId)) {
      touch(new Scope(networkId, h), cause);
    }
  }

  private void touchHost(String hostId, Cause cause) {
    for (String n : facts.networksOf(hostId)) {
      touch(new Scope(n, hostId), cause);
    }
  }

  private void touch(Scope s, Cause cause) {
    touched.put(s, cause);
  }

  private void reject(RejectionReason reason, String message, String key, Cause cause) {
    rejections.add(Rejection.newBuilder()
        .setReason(reason)
        .setMessage(message)
        .setInput(cause.coordinates())
        .setInputKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setInputValue(null)
        .setRejectedBy(REJECTED_BY)
        .setOccurredAt(cause.occurredAt())
        .build());
  }

  /** The next image; computes {@link #changes()} and {@link #imageChanges()} once. */
  public MeshImage apply() {
    if (changes != null) {
      throw new IllegalStateException("apply() was already called on this delta");
    }
    SliceDiff diff = new SliceDiff(base.facts, facts, base.generations, fanout);
    touched.forEach(diff::scope);
    changes = diff.changes();
    networkPeers = diff.networkPeers();
    MeshImage next = new MeshImage(facts, diff.generations());
    imageChanges = new LinkedHashMap<>();
    touchedStoreKeys.forEach(k -> imageChanges.put(k, next.record(k)));
    diff.changedHosts().forEach(h -> imageChanges.put("generation/" + h,
        new ImageRecord.Generation(h, next.generation(h))));
    return next;
  }

  /** Host-state records to write, in order; available after {@link #apply()}. */
  public List<SliceChange> changes() {
    requireApplied();
    return Collections.unmodifiableList(changes);
  }

  /**
   * {@link PeerFanout#PER_NETWORK}: the records for {@code netledger.network-peers.v1} (key
   * {@code <networkId>/<hostId>}, a Peer slice of the advertising host or a tombstone), in key
   * order; empty with PER_HOST. Available after {@link #apply()}.
   */
  public List<SliceChange> networkPeers() {
    requireApplied();
    return Collections.unmodifiableList(networkPeers);
  }

  /** Only the changes for one host (what its agent will read). */
  public List<SliceChange> localChanges(String hostId) {
    return changes().stream().filter(c -> c.hostId().equals(hostId)).toList();
  }

  /** Inputs that were inconsistent, in replay order (available at once). */
  public List<Rejection> rejections() {
    return Collections.unmodifiableList(rejections);
  }

  /** Image records to store by store key, null to delete; available after {@link #apply()}. */
  public Map<String, ImageRecord> imageChanges() {
    requireApplied();
    return Collections.unmodifiableMap(imageChanges);
  }

  private void requireApplied() {
    if (changes == null) {
      throw new IllegalStateException("call apply() first");
    }
  }
}
