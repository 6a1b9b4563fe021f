package io.netledger.allocator.ipam;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pcollections.PSortedMap;

/**
 * Replays inputs onto an {@link AllocatorImage}, one at a time, in log order; {@link #apply()}
 * returns the next image. Each {@link #replay} returns the {@link Decision} for that input (what
 * a caller answers with); {@link #changes()}, valid once {@code apply()} has run, lists every
 * record the inputs caused, in decision order. That is the delta contract both views follow (see
 * the package documentation). Pure: no clock, no randomness, no I/O, so the same inputs give the
 * same records byte for byte (what {@code audit} relies on).
 *
 * <p>The state is private. Each network's changes go to its own child {@link NetworkDelta}
 * (created on first touch, as Kafka's {@code TopicsDelta.getOrCreateTopicDelta}); the waiting
 * starts belong to {@link WaitingReplay}; {@link ContainerReplay} decides container inputs
 * through the accessors below.
 *
 * <pre>{@code
 * AllocatorDelta d = image.delta(AllocatorConfig.DEFAULT);
 * Decision x = d.replay(InputEvent.of(Topics.CONTAINERS.name(), 0, 17, "c1", containerEvent));
 * AllocatorImage next = d.apply();
 * d.changes();   // what to write to ipam-blocks, allocations, dns-records, rejected (and the store)
 * }</pre>
 */
public final class AllocatorDelta {
  private final AllocatorConfig config;
  private final PSortedMap<String, NetworkState> baseNetworks;
  private final Map<String, NetworkDelta> networkDeltas = new HashMap<>();
  private PSortedMap<String, HostRegistered> hosts;
  private PSortedMap<String, Allocation> containers;
  private PortIndex ports;
  private EventWindow events;
  private final List<OutputRecord> changes = new ArrayList<>();
  private final ContainerReplay containerReplay = new ContainerReplay(this);
  private final WaitingReplay waitingReplay;
  private boolean applied;

  public AllocatorDelta(AllocatorImage image, AllocatorConfig config) {
    this.config = Objects.requireNonNull(config);
    this.baseNetworks = image.networks();
    this.hosts = image.hosts();
    this.containers = image.containers();
    this.ports = image.ports();
    this.events = image.events();
    this.waitingReplay = new WaitingReplay(this, image.waiting(), image.waitingOrder);
  }

  /**
   * Decides one input. An eventId already in the {@link EventWindow} is refused DUPLICATE_EVENT
   * under this input's own coordinates, naming the first input's, and decides nothing else; any
   * other input is decided and its eventId enters the window (refused inputs too: a repeat of a
   * refused event is the same event).
   */
  public Decision replay(InputEvent e) {
    if (applied) {
      throw new IllegalStateException("apply() was already called on this delta");
    }
    InputCoordinates first = events.first(e.cause().getEventId());
    if (first != null) {
      Decision dup = reject(e, RejectionReason.DUPLICATE_EVENT, "event " + first.getEventId()
          + " was already decided as the input at " + first.getTopic() + " partition " + first.getPartition()
          + " offset " + first.getOffset() + "; this repeat changes nothing (its decision is that input's)");
      changes.addAll(dup.records());
      return dup;
    }
    Decision d = decide(e);
    changes.addAll(d.records());
    events = events.plus(e.cause(), config.eventWindow(), changes);
    return d;
  }

  private Decision decide(InputEvent e) {
    Decision d;
    if (e.envelope() instanceof NetworkEvent ne) {
      Object p = ne.getPayload();
      d = p instanceof NetworkCreated c ? replay(e, c) : replay(e, (NetworkDeleted) p);
    } else if (e.envelope() instanceof HostEvent he) {
      Object p = he.getPayload();
      d = p instanceof HostRegistered r ? replay(e, r) : replay(e, (HostRemoved) p);
    } else {
      Object p = ((ContainerEvent) e.envelope()).getPayload();
      if (p instanceof ContainerStarted s) {
        d = replay(e, s);
      } else if (p instanceof ContainerStopped s) {
        d = replay(e, s);
      } else {
        d = replay(e, (ContainerRemoved) p);
      }
    }
    return d;
  }

  Decision replay(InputEvent e, NetworkCreated c) {
    if (!c.getNetworkId().equals(e.key())) {
      return keyMismatch(e, c.getNetworkId());
    }
    NetworkState old = network(c.getNetworkId());
    if (old != null) {
      return old.spec().equals(c)
          ? new Decision(Decision.Outcome.NO_OP, List.of())
          : reject(e, RejectionReason.CONFLICTING_DUPLICATE, "network " + c.getNetworkId()
              + " already exists with a different definition (" + old.spec().getCidr() + ")");
    }
    NetworkState n;
    try {
      n = NetworkState.create(c);
    } catch (IllegalArgumentException ex) {
      return reject(e, RejectionReason.INVALID_INPUT, "network " + c.getNetworkId() + ": " + ex.getMessage());
    }
    networkDeltas.computeIfAbsent(n.id(), id -> new NetworkDelta(null)).create(n);
    List<OutputRecord> out = new ArrayList<>(List.of(Outputs.network(n.id(), c), Outputs.ledger(n)));
    waitingReplay.decideReady(out);
    return new Decision(Decision.Outcome.APPLIED, out);
  }

  Decision replay(InputEvent e, NetworkDeleted d) {
    if (!d.getNetworkId().equals(e.key())) {
      return keyMismatch(e, d.getNetworkId());
    }
    NetworkState n = network(d.getNetworkId());
    if (n == null) {
      return reject(e, RejectionReason.UNKNOWN_NETWORK, "network " + d.getNetworkId() + " is not known");
    }
    if (n.inUse()) {
      return reject(e, RejectionReason.NETWORK_IN_USE, "network " + n.id() + " still has " + n.holders().size()
          + " live addresses (the lowest is held by " + n.holders().firstEntry().getValue() + ")");
    }
    // No live address means no host takes part, so no block, host address or DNS name is left.
    networkDelta(n.id()).delete();
    List<OutputRecord> out = new ArrayList<>(List.of(new OutputRecord(StateSections.NETWORKS, n.id(), null),
        new OutputRecord(StateSections.LEDGERS, n.id(), null)));
    waitingReplay.drop(s -> s.getNetworkId().equals(n.id()), out);
    return new Decision(Decision.Outcome.APPLIED, out);
  }

  Decision replay(InputEvent e, HostRegistered r) {
    if (!r.getHostId().equals(e.key())) {
      return keyMismatch(e, r.getHostId());
    }
    if (r.equals(hosts.get(r.getHostId()))) {
      return new Decision(Decision.Outcome.NO_OP, List.of());
    }
    hosts = hosts.plus(r.getHostId(), r);
    List<OutputRecord> out = new ArrayList<>(List.of(Outputs.host(r.getHostId(), r)));
    waitingReplay.decideReady(out);
    return new Decision(Decision.Outcome.APPLIED, out);
  }

  Decision replay(InputEvent e, HostRemoved r) {
    String hostId = r.getHostId();
    if (!hostId.equals(e.key())) {
      return keyMismatch(e, hostId);
    }
    if (!hosts.containsKey(hostId)) {
      return reject(e, RejectionReason.UNKNOWN_HOST, "host " + hostId + " is not registered");
    }
    List<OutputRecord> out = new ArrayList<>();
    // Releasing each live container of the host (in containerId order) also gives back its host
    // addresses and blocks when its last container in a network goes.
    for (Allocation a : containers.values()) {
      if (a.getState() == AllocationState.ALLOCATED && a.getHostId().equals(hostId)) {
        containerReplay.release(e, a, false, out);
      }
    }
    hosts = hosts.minus(hostId);
    out.add(new OutputRecord(StateSections.HOSTS, hostId, null));
    waitingReplay.drop(s -> s.getHostId().equals(hostId), out);
    return new Decision(Decision.Outcome.APPLIED, out);
  }

  Decision replay(InputEvent e, ContainerStarted s) {
    return replayStart(e, s);
  }

  /** A start, first-time or late (a waiting start decided when its network or host arrived). */
  Decision replayStart(InputEvent e, ContainerStarted s) {
    return containerReplay.start(e, s);
  }

  Decision replay(InputEvent e, ContainerStopped s) {
    return containerReplay.stop(e, s.getContainerId(), false);
  }

  Decision replay(InputEvent e, ContainerRemoved r) {
    return containerReplay.stop(e, r.getContainerId(), true);
  }

  /** The next image: the input image with every replayed input applied. At most once. */
  public AllocatorImage apply() {
    if (applied) {
      throw new IllegalStateException("apply() was already called on this delta");
    }
    applied = true;
    PSortedMap<String, NetworkState> networks = baseNetworks;
    for (Map.Entry<String, NetworkDelta> nd : networkDeltas.entrySet()) {
      NetworkState state = nd.getValue().state();
      networks = state == null ? networks.minus(nd.getKey()) : networks.plus(nd.getKey(), state);
    }
    return new AllocatorImage(networks, hosts, containers, waitingReplay.waiting(), waitingReplay.order(), ports,
        events);
  }

  /**
   * Every record the replayed inputs caused, in decision order (view, rejected and state-section
   * records); available after {@link #apply()}.
   */
  public List<OutputRecord> changes() {
    if (!applied) {
      throw new IllegalStateException("call apply() first");
    }
    return Collections.unmodifiableList(changes);
  }

  /** The rejections among {@link #changes()}. */
  public List<OutputRecord> rejections() {
    return changes.stream().filter(r -> r.topic().equals(Topics.REJECTED.name())).toList();
  }

  // ---- the state, for ContainerReplay, WaitingReplay and WaitingStart ----

  AllocatorConfig config() {
    return config;
  }

  /** The network's state now, null when it is not known. */
  NetworkState network(String networkId) {
    NetworkDelta nd = networkDeltas.get(networkId);
    return nd != null ? nd.state() : baseNetworks.get(networkId);
  }

  /** The child delta of a known network, created on first touch. */
  NetworkDelta networkDelta(String networkId) {
    return networkDeltas.computeIfAbsent(networkId, id -> new NetworkDelta(Objects.requireNonNull(baseNetworks.get(id),
        () -> "network " + id + " is not known")));
  }

  boolean hasHost(String hostId) {
    return hosts.containsKey(hostId);
  }

  /** The container's current allocation (ALLOCATED, RELEASED or FAILED), null when not known. */
  Allocation allocation(String containerId) {
    return containers.get(containerId);
  }

  void putAllocation(String containerId, Allocation a) {
    ports = ports.replace(containers.get(containerId), a);
    containers = containers.plus(containerId, a);
  }

  void forgetAllocation(String containerId) {
    ports = ports.replace(containers.get(containerId), null);
    containers = containers.minus(containerId);
  }

  /** Host ports published by live containers now. */
  PortIndex ports() {
    return ports;
  }

  WaitingReplay waiting() {
    return waitingReplay;
  }

  // ---- helpers shared with ContainerReplay ----

  Decision keyMismatch(InputEvent e, String id) {
    return reject(e, RejectionReason.INVALID_INPUT, "record key '" + e.key() + "' differs from the payload's id '"
        + id + "'");
  }

  static Decision reject(InputEvent e, RejectionReason reason, String message) {
    return new Decision(Decision.Outcome.REJECTED, List.of(Outputs.rejection(e, reason, message)));
  }

  /** Stores the network's next state, and its ledger record when its counters or quarantine moved. */
  void putNetwork(NetworkState after, List<OutputRecord> out) {
    networkDelta(after.id()).update(after, out);
  }
}
