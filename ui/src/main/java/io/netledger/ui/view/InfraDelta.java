package io.netledger.ui.view;

import io.netledger.avro.AgentStatus;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Peer;
import io.netledger.avro.Rejection;
import io.netledger.events.topic.Topics;
import io.netledger.ui.view.InfraImage.LogHealth;
import io.netledger.ui.view.InfraImage.PeerEdge;
import io.netledger.ui.view.InfraImage.RejectionEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes to an {@link InfraImage}: one {@link #replay} per record read, in the order read, then
 * {@link #apply()} for the next image and {@link #changed()} for the entities (see
 * {@link EntityIds}) the page must redraw. Pure: no clock, no I/O; the maps it touches are copied
 * on first write, so the image it started from is never modified.
 *
 * <pre>{@code
 * InfraDelta d = image.delta();
 * d.replay(new LogRecord(Topics.ALLOCATIONS.name(), 0, 17, "c-mongo", allocation));
 * InfraImage next = d.apply();
 * d.changed();   // [container:c-mongo, network:managed, log]
 * }</pre>
 */
public final class InfraDelta {
  private final InfraImage base;
  private Map<String, Versions<NetworkCreated>> networks;
  private Map<String, Versions<HostRegistered>> hosts;
  private Set<String> rejectedInputs;
  private Map<String, Allocation> allocations;
  private Map<String, BlockAffinity> blocks;
  private Map<String, Long> generations;
  private Map<String, PeerEdge> peers;
  private Map<String, AgentStatus> agents;
  private List<RejectionEntry> rejections;
  private long rejectionCount;
  private LogHealth log;
  private final Set<String> changed = new LinkedHashSet<>();

  InfraDelta(InfraImage base) {
    this.base = base;
    this.rejectionCount = base.rejectionCount();
    this.log = base.log();
  }

  /** Applies one record; a value of an unexpected type or a record of an unknown topic counts as undecodable. */
  public InfraDelta replay(LogRecord r) {
    log = new LogHealth(log.records() + 1, log.undecodable(), log.lastUndecodable());
    changed.add(EntityIds.LOG);
    String t = r.topic();
    Object v = r.value();
    if (t.equals(Topics.NETWORKS.name())) {
      if (v instanceof NetworkEvent e) {
        network(r, e);
        return this;
      }
    } else if (t.equals(Topics.HOSTS.name())) {
      if (v instanceof HostEvent e) {
        host(r, e);
        return this;
      }
    } else if (t.equals(Topics.ALLOCATIONS.name())) {
      if (v == null || v instanceof Allocation) {
        allocation(r.key(), (Allocation) v);
        return this;
      }
    } else if (t.equals(Topics.IPAM_BLOCKS.name())) {
      if (v == null || v instanceof BlockAffinity) {
        block(r.key(), (BlockAffinity) v);
        return this;
      }
    } else if (t.equals(Topics.HOST_STATE.name())) {
      if (v == null || v instanceof HostStateSlice) {
        hostState(r.key(), (HostStateSlice) v);
        return this;
      }
    } else if (t.equals(Topics.AGENT_STATUS.name())) {
      if (v == null || v instanceof AgentStatus) {
        agent(r.key(), (AgentStatus) v);
        return this;
      }
    } else if (t.equals(Topics.REJECTED.name())) {
      if (v instanceof Rejection rej) {
        rejection(r, rej);
        return this;
      }
    }
    return undecodable(r.coordinates(), "unexpected " + (v == null ? "tombstone" : v.getClass().getSimpleName())
        + " on " + t);
  }

  /** A record whose value could not be decoded: counted and named, never dropped silently. */
  public InfraDelta undecodable(String coordinates, String message) {
    log = new LogHealth(log.records(), log.undecodable() + 1, coordinates + ": " + message);
    changed.add(EntityIds.LOG);
    return this;
  }

  private void network(LogRecord r, NetworkEvent e) {
    String id = r.key();
    if (id == null || rejected(r.coordinates())) {
      return;
    }
    NetworkCreated created = e.getPayload() instanceof NetworkCreated c ? c : null;
    Versions<NetworkCreated> old = networks().get(id);
    networks().put(id, old == null ? Versions.of(r.coordinates(), created) : old.plus(r.coordinates(), created));
    changed.add(EntityIds.network(id));
    changed.add(EntityIds.MESH);
  }

  private void host(LogRecord r, HostEvent e) {
    String id = r.key();
    if (id == null || rejected(r.coordinates())) {
      return;
    }
    HostRegistered registered = e.getPayload() instanceof HostRegistered h ? h : null;
    Versions<HostRegistered> old = hosts().get(id);
    hosts().put(id, old == null ? Versions.of(r.coordinates(), registered) : old.plus(r.coordinates(), registered));
    changed.add(EntityIds.host(id));
    changed.add(EntityIds.MESH);
  }

  private void allocation(String key, Allocation a) {
    Allocation old = allocations().remove(key);
    if (a != null && a.getState() == AllocationState.ALLOCATED) {
      allocations().put(key, a);
    }
    touch(old);
    touch(a);
  }

  private void touch(Allocation a) {
    if (a == null) {
      return;
    }
    changed.add(a.getKind() == AllocationKind.CONTAINER ? EntityIds.container(a.getOwnerId()) : EntityIds.host(a.getHostId()));
    changed.add(EntityIds.network(a.getNetworkId()));
  }

  private void block(String key, BlockAffinity b) {
    BlockAffinity old = b == null ? blocks().remove(key) : blocks().put(key, b);
    for (BlockAffinity x : new BlockAffinity[] {old, b}) {
      if (x != null) {
        changed.add(EntityIds.network(x.getNetworkId()));
        changed.add(EntityIds.host(x.getHostId()));
      }
    }
  }

  private void hostState(String key, HostStateSlice s) {
    if (s == null) {
      if (peers().remove(key) != null) {
        changed.add(EntityIds.MESH);
      }
      return;
    }
    Long known = generations().get(s.getHostId());
    if (known == null || s.getGeneration() > known) {
      generations().put(s.getHostId(), s.getGeneration());
      changed.add(EntityIds.host(s.getHostId()));
    }
    if (s.getSlice() instanceof Peer p) {
      PeerEdge edge = new PeerEdge(s.getHostId(), p.getNetworkId(), p.getHostId());
      if (!edge.equals(peers().put(key, edge))) {
        changed.add(EntityIds.MESH);
      }
    }
  }

  private void agent(String hostId, AgentStatus s) {
    if (hostId == null) {
      return;
    }
    if (s == null) {
      agents().remove(hostId);
    } else {
      agents().put(hostId, s);
    }
    changed.add(EntityIds.host(hostId));
    changed.add(EntityIds.MESH);
  }

  private void rejection(LogRecord r, Rejection rej) {
    List<RejectionEntry> list = rejections();
    list.add(new RejectionEntry(r.coordinates(), r.key(), rej));
    while (list.size() > InfraImage.REJECTIONS_KEPT) {
      list.remove(0);
    }
    rejectionCount++;
    changed.add(EntityIds.REJECTIONS);
    String topic = rej.getInput().getTopic();
    boolean network = topic.equals(Topics.NETWORKS.name());
    if (!network && !topic.equals(Topics.HOSTS.name())) {
      return;
    }
    String coords = LogRecord.coordinates(topic, rej.getInput().getPartition(), rej.getInput().getOffset());
    rejectedInputs().add(coords);
    if (r.key() == null) {
      return;
    }
    if (network) {
      Versions<NetworkCreated> v = networks().get(r.key());
      if (v != null && v.holds(coords)) {
        networks().put(r.key(), v.without(coords));
        changed.add(EntityIds.network(r.key()));
        changed.add(EntityIds.MESH);
      }
    } else {
      Versions<HostRegistered> v = hosts().get(r.key());
      if (v != null && v.holds(coords)) {
        hosts().put(r.key(), v.without(coords));
        changed.add(EntityIds.host(r.key()));
        changed.add(EntityIds.MESH);
      }
    }
  }

  private boolean rejected(String coordinates) {
    return (rejectedInputs != null ? rejectedInputs : base.rejectedInputs()).contains(coordinates);
  }

  /** The entities whose rendering may differ from the base image's, in first-touched order. */
  public Set<String> changed() {
    return Set.copyOf(changed);
  }

  public InfraImage apply() {
    return new InfraImage(
        networks == null ? base.networks() : InfraImage.frozen(networks),
        hosts == null ? base.hosts() : InfraImage.frozen(hosts),
        rejectedInputs == null ? base.rejectedInputs() : java.util.Collections.unmodifiableSet(rejectedInputs),
        allocations == null ? base.allocations() : InfraImage.frozen(allocations),
        blocks == null ? base.blocks() : InfraImage.frozen(blocks),
        generations == null ? base.generations() : InfraImage.frozen(generations),
        peers == null ? base.peers() : InfraImage.frozen(peers),
        agents == null ? base.agents() : InfraImage.frozen(agents),
        rejections == null ? base.rejections() : List.copyOf(rejections),
        rejectionCount, log);
  }

  // Copy on first write: the base image's maps are never touched.
  private Map<String, Versions<NetworkCreated>> networks() {
    return networks == null ? networks = new HashMap<>(base.networks()) : networks;
  }

  private Map<String, Versions<HostRegistered>> hosts() {
    return hosts == null ? hosts = new HashMap<>(base.hosts()) : hosts;
  }

  private Set<String> rejectedInputs() {
    return rejectedInputs == null ? rejectedInputs = new HashSet<>(base.rejectedInputs()) : rejectedInputs;
  }

  private Map<String, Allocation> allocations() {
    return allocations == null ? allocations = new HashMap<>(base.allocations()) : allocations;
  }

  private Map<String, BlockAffinity> blocks() {
    return blocks == null ? blocks = new HashMap<>(base.blocks()) : blocks;
  }

  private Map<String, Long> generations() {
    return generations == null ? generations = new HashMap<>(base.generations()) : generations;
  }

  private Map<String, PeerEdge> peers() {
    return peers == null ? peers = new HashMap<>(base.peers()) : peers;
  }

  private Map<String, AgentStatus> agents() {
    return agents == null ? agents = new HashMap<>(base.agents()) : agents;
  }

  private List<RejectionEntry> rejections() {
    return rejections == null ? rejections = new ArrayList<>(base.rejections()) : rejections;
  }
}
