package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Rejection;
import io.netledger.events.net.Macs;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * A recorded log for tests: hand-written input records as the orchestrator and the allocator would
 * write them, each replayed in its own delta onto the current image. It keeps what an agent would
 * hold (the compacted host-state topic) and, when {@code checkAgentView} is on, asserts after every
 * record that it equals {@link MeshImage#hostState} for every host, and that generations advance by
 * one per record of a host.
 */
final class MeshLog {
  MeshImage image = MeshImage.EMPTY;
  /** The compacted host-state topic: key -> latest slice. */
  final Map<String, HostStateSlice> topic = new TreeMap<>();
  /** Every host-state record written, in order. */
  final List<SliceChange> written = new ArrayList<>();
  final List<Rejection> rejected = new ArrayList<>();
  /** The image store as the Streams processor keeps it, from {@link MeshDelta#imageChanges()}. */
  final Map<String, ImageRecord> store = new HashMap<>();
  List<SliceChange> last = List.of();
  List<Rejection> lastRejected = List.of();
  boolean checkAgentView = true;
  private final Map<String, Long> offsets = new HashMap<>();
  private final Map<String, Long> lastGeneration = new HashMap<>();
  private long clock = 1_700_000_000_000L;

  private InputCoordinates next(String topicName) {
    long offset = offsets.merge(topicName, 1L, Long::sum) - 1;
    return new InputCoordinates(topicName, 0, offset, "e-" + topicName + "-" + offset);
  }

  private Instant tick() {
    return Instant.ofEpochMilli(clock += 1000);
  }

  /** While set, records are collected and replayed together by {@link #flush()} in one delta. */
  private List<Consumer<MeshDelta>> batch;

  /** Starts collecting records for one delta. */
  MeshLog batch() {
    batch = new ArrayList<>();
    return this;
  }

  /** Replays the collected records in one delta. */
  MeshLog flush() {
    List<Consumer<MeshDelta>> records = batch;
    batch = null;
    return step(d -> records.forEach(r -> r.accept(d)));
  }

  MeshLog step(Consumer<MeshDelta> replay) {
    if (batch != null) {
      batch.add(replay);
      return this;
    }
    MeshDelta delta = new MeshDelta(image);
    replay.accept(delta);
    image = delta.apply();
    last = delta.changes();
    lastRejected = delta.rejections();
    written.addAll(last);
    rejected.addAll(lastRejected);
    for (SliceChange c : last) {
      if (c.slice() != null) {
        assertEquals(c.hostId(), c.slice().getHostId());
        long expected = lastGeneration.getOrDefault(c.hostId(), 0L) + 1;
        assertEquals(expected, c.slice().getGeneration(), "generation of " + c.key());
      }
      lastGeneration.merge(c.hostId(), 1L, Long::sum);
      if (c.slice() == null) {
        topic.remove(c.key());
      } else {
        topic.put(c.key(), c.slice());
      }
    }
    delta.imageChanges().forEach((k, r) -> {
      if (r == null) {
        store.remove(k);
      } else {
        store.put(k, r);
      }
    });
    if (checkAgentView) {
      checkAgentView();
    }
    return this;
  }

  void checkAgentView() {
    TreeSet<String> hosts = new TreeSet<>();
    topic.keySet().forEach(k -> hosts.add(k.substring(0, k.indexOf('/'))));
    hosts.addAll(image.hosts().keySet());
    for (String h : hosts) {
      assertEquals(image.hostState(h), agentView(h), "what agent " + h + " holds");
      assertEquals(lastGeneration.getOrDefault(h, 0L), image.generation(h), "generation of " + h);
    }
  }

  /** What an agent of the host holds after reading its partition: slice contents by key. */
  Map<String, SpecificRecord> agentView(String hostId) {
    Map<String, SpecificRecord> out = new TreeMap<>();
    topic.forEach((k, v) -> {
      if (k.startsWith(hostId + "/")) {
        out.put(k, (SpecificRecord) v.getSlice());
      }
    });
    return out;
  }

  SpecificRecord slice(String key) {
    HostStateSlice s = topic.get(key);
    return s == null ? null : (SpecificRecord) s.getSlice();
  }

  // --- orchestrator records --------------------------------------------------------------------

  MeshLog network(String id, String cidr, int vni) {
    return network(NetworkCreated.newBuilder().setNetworkId(id).setName(id).setCidr(cidr).setVni(vni)
        .setEncryption(Encryption.NONE).build());
  }

  MeshLog network(NetworkCreated created) {
    NetworkEvent e = new NetworkEvent("net-" + created.getNetworkId(), tick(), "test", created);
    return step(d -> d.replay(created.getNetworkId(), e, next(Topics.NETWORKS.name())));
  }

  MeshLog deleteNetwork(String id) {
    NetworkEvent e = new NetworkEvent("del-" + id, tick(), "test", new NetworkDeleted(id));
    return step(d -> d.replay(id, e, next(Topics.NETWORKS.name())));
  }

  MeshLog host(String id, String underlayIp) {
    HostRegistered r = HostRegistered.newBuilder().setHostId(id).setHostname(id.toLowerCase())
        .setUnderlayIp(underlayIp).setIkeIdentity("CN=" + id).build();
    HostEvent e = new HostEvent("reg-" + id, tick(), "test", r);
    return step(d -> d.replay(id, e, next(Topics.HOSTS.name())));
  }

  MeshLog removeHost(String id) {
    HostEvent e = new HostEvent("rm-" + id, tick(), "test", new HostRemoved(id));
    return step(d -> d.replay(id, e, next(Topics.HOSTS.name())));
  }

  // --- allocator records ---------------------------------------------------------------------

  static String blockKey(String networkId, String cidr) {
    return networkId + "/" + cidr;
  }

  static String hostKey(String hostId, String networkId) {
    return "host/" + hostId + "/" + networkId;
  }

  MeshLog claim(String networkId, String cidr, String hostId) {
    InputCoordinates cause = next("netledger.containers.v1");
    BlockAffinity b = new BlockAffinity(networkId, cidr, hostId, tick(), cause);
    return step(d -> d.replayBlock(blockKey(networkId, cidr), b, next(Topics.IPAM_BLOCKS.name()), b.getOccurredAt()));
  }

  MeshLog unclaim(String networkId, String cidr) {
    return step(d -> d.replayBlock(blockKey(networkId, cidr), null, next(Topics.IPAM_BLOCKS.name()), tick()));
  }

  static Allocation hostAllocation(String hostId, String networkId, String ip, String block) {
    return base(networkId, AllocationKind.HOST, hostId, hostId, ip, block, false).build();
  }

  static Allocation containerAllocation(String containerId, String hostId, String networkId, String ip,
      String block, boolean borrowed, String service, String stack) {
    return base(networkId, AllocationKind.CONTAINER, containerId, hostId, ip, block, borrowed)
        .setName(containerId).setService(service).setStack(stack).setNetns("ns-" + containerId).build();
  }

  private static Allocation.Builder base(String networkId, AllocationKind kind, String owner, String hostId,
      String ip, String block, boolean borrowed) {
    return Allocation.newBuilder().setNetworkId(networkId).setKind(kind).setOwnerId(owner).setHostId(hostId)
        .setIp(ip).setPrefixLength(16).setMac(Macs.fromIpv4(ip)).setBlockCidr(block).setBorrowed(borrowed)
        .setState(AllocationState.ALLOCATED).setSequence(0).setOccurredAt(Instant.EPOCH)
        .setCause(new InputCoordinates("netledger.containers.v1", 0, 0L, null));
  }

  MeshLog allocation(String key, Allocation a) {
    Allocation stamped = a == null ? null : Allocation.newBuilder(a).setOccurredAt(tick()).build();
    Instant at = stamped == null ? tick() : stamped.getOccurredAt();
    return step(d -> d.replayAllocation(key, stamped, next(Topics.ALLOCATIONS.name()), at));
  }

  MeshLog hostAddress(String hostId, String networkId, String ip, String block) {
    return allocation(hostKey(hostId, networkId), hostAllocation(hostId, networkId, ip, block));
  }

  MeshLog container(String id, String hostId, String networkId, String ip, String block) {
    return allocation(id, containerAllocation(id, hostId, networkId, ip, block, false, null, null));
  }

  MeshLog release(String key) {
    Allocation held = image.allocations().get(key);
    return allocation(key, Allocation.newBuilder(held).setState(AllocationState.RELEASED).build());
  }

  MeshLog tombstone(String key) {
    return allocation(key, null);
  }
}
