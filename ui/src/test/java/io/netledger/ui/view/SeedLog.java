package io.netledger.ui.view;

import io.netledger.avro.AgentHealth;
import io.netledger.avro.AgentStatus;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.KernelCapabilities;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Peer;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.avro.TunnelHealth;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Records as the stream apps and agents write them for the seed scenario, with offsets per topic. */
final class SeedLog {
  static final Instant T = Instant.parse("2026-12-03T12:00:00Z");
  private final List<LogRecord> records = new ArrayList<>();
  private final Map<String, long[]> offsets = new java.util.HashMap<>();

  List<LogRecord> records() {
    return records;
  }

  LogRecord add(String topic, String key, SpecificRecord value) {
    long offset = offsets.computeIfAbsent(topic, t -> new long[1])[0]++;
    LogRecord r = new LogRecord(topic, 0, offset, key, value);
    records.add(r);
    return r;
  }

  static InputCoordinates cause(String topic, long offset) {
    return new InputCoordinates(topic, 0, offset, "e-" + offset);
  }

  LogRecord network(String id, String cidr, int vni, Encryption encryption) {
    return add(Topics.NETWORKS.name(), id, new NetworkEvent("n-" + id, T, "test", NetworkCreated.newBuilder()
        .setNetworkId(id).setName(id).setCidr(cidr).setVni(vni).setEncryption(encryption).build()));
  }

  LogRecord deleteNetwork(String id) {
    return add(Topics.NETWORKS.name(), id, new NetworkEvent("d-" + id, T, "test", new NetworkDeleted(id)));
  }

  LogRecord host(String id, String underlay) {
    return add(Topics.HOSTS.name(), id, new HostEvent("h-" + id, T, "test", HostRegistered.newBuilder()
        .setHostId(id).setHostname(id.toLowerCase()).setUnderlayIp(underlay).build()));
  }

  LogRecord container(String id, String name, String host, String ip, String block) {
    return add(Topics.ALLOCATIONS.name(), id, allocation(AllocationKind.CONTAINER, id, name, host, ip, block));
  }

  LogRecord hostAddress(String host, String network, String ip, String block) {
    return add(Topics.ALLOCATIONS.name(), "host/" + host + "/" + network,
        Allocation.newBuilder(allocation(AllocationKind.HOST, host, null, host, ip, block)).setNetworkId(network).build());
  }

  LogRecord release(String id, String host) {
    return add(Topics.ALLOCATIONS.name(), id, Allocation.newBuilder(allocation(AllocationKind.CONTAINER, id, id, host, null, null))
        .setState(AllocationState.RELEASED).build());
  }

  static Allocation allocation(AllocationKind kind, String owner, String name, String host, String ip, String block) {
    return Allocation.newBuilder().setNetworkId("managed").setKind(kind).setOwnerId(owner).setHostId(host)
        .setName(name).setService(name).setStack(name == null ? null : "rocket-chat").setNetns(name == null ? null : "nlc-" + name)
        .setIp(ip).setPrefixLength(16).setMac(ip == null ? null : "0a:58:00:00:00:01").setBlockCidr(block)
        .setState(AllocationState.ALLOCATED).setSequence(1).setOccurredAt(T)
        .setCause(cause(Topics.CONTAINERS.name(), 0)).build();
  }

  LogRecord block(String network, String cidr, String host) {
    return add(Topics.IPAM_BLOCKS.name(), network + "/" + cidr, new BlockAffinity(network, cidr, host, T,
        cause(Topics.CONTAINERS.name(), 0)));
  }

  LogRecord peer(String host, String network, String peer, long generation) {
    return add(Topics.HOST_STATE.name(), host + "/peer/" + network + "/" + peer, new HostStateSlice(host, generation, T,
        cause(Topics.CONTAINERS.name(), 0), Peer.newBuilder().setNetworkId(network).setHostId(peer)
            .setUnderlayIp("198.51.100.2").setVtepMac("0a:58:00:00:00:02").setTunnelIp("10.42.0.1")
            .setBlocks(List.of()).build()));
  }

  LogRecord tombstone(String topic, String key) {
    return add(topic, key, null);
  }

  LogRecord agent(String host, AgentHealth health, long applied, List<TunnelHealth> tunnels) {
    return add(Topics.AGENT_STATUS.name(), host, AgentStatus.newBuilder().setHostId(host).setReportedAt(T)
        .setHealth(health).setPartition(0).setAppliedOffset(1).setAppliedGeneration(applied)
        .setCapabilities(new KernelCapabilities(true, true, false, true)).setTunnels(tunnels).build());
  }

  LogRecord reject(LogRecord input, RejectionReason reason, String message) {
    return add(Topics.REJECTED.name(), input.key(), Rejection.newBuilder().setReason(reason).setMessage(message)
        .setInput(new InputCoordinates(input.topic(), input.partition(), input.offset(), null))
        .setRejectedBy("allocator-stream").setOccurredAt(T).build());
  }

  LogRecord stopInput(String id) {
    return add(Topics.CONTAINERS.name(), id, new ContainerEvent("s-" + id, T, "test", new ContainerStopped(id)));
  }

  /** The seed: H1, H2, network managed, rocketchat on H1, mongo and hubot on H2, the mesh between them. */
  static SeedLog seed() {
    SeedLog l = new SeedLog();
    l.host("H1", "198.51.100.2");
    l.host("H2", "198.51.100.3");
    l.network("managed", "10.42.0.0/16", 4242, Encryption.NONE);
    l.block("managed", "10.42.0.0/26", "H1");
    l.hostAddress("H1", "managed", "10.42.0.1", "10.42.0.0/26");
    l.container("c-rocketchat", "rocketchat", "H1", "10.42.0.2", "10.42.0.0/26");
    l.block("managed", "10.42.0.64/26", "H2");
    l.hostAddress("H2", "managed", "10.42.0.65", "10.42.0.64/26");
    l.container("c-mongo", "mongo", "H2", "10.42.0.66", "10.42.0.64/26");
    l.container("c-hubot", "hubot", "H2", "10.42.0.67", "10.42.0.64/26");
    l.peer("H1", "managed", "H2", 4);
    l.peer("H2", "managed", "H1", 5);
    l.agent("H1", AgentHealth.HEALTHY, 4, List.of());
    l.agent("H2", AgentHealth.HEALTHY, 3, List.of());
    return l;
  }

  static InfraImage replay(List<LogRecord> records) {
    InfraDelta d = InfraImage.EMPTY.delta();
    records.forEach(d::replay);
    return d.apply();
  }
}
