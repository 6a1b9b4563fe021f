package io.netledger.agent.metadata;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A golden view of host H2 (hostname h2): network {@code managed} (rocket-chat: rocketchat on H1,
 * mongo and hubot-1 on H2, hubot-2 on H1) and network {@code other} (secret on H2, a peer H3), as
 * the agent reads them from allocations and its host-state slices.
 */
final class MetadataFixtures {
  static final String H2 = "H2";
  static final String H2_UNDERLAY = "192.0.2.12";
  static final String MANAGED = "managed";
  static final String OTHER = "other";
  static final String MONGO_IP = "10.42.0.65";
  static final String SECRET_IP = "10.43.0.2";
  private static long generation;

  private MetadataFixtures() {}

  static HostStateSlice wrap(Object slice) {
    return HostStateSlice.newBuilder().setHostId(H2).setGeneration(++generation).setOccurredAt(Instant.EPOCH)
        .setCause(InputCoordinates.newBuilder().setTopic("netledger.containers.v1").setPartition(0).setOffset(0).build())
        .setSlice(slice).build();
  }

  static Allocation allocation(String networkId, String cid, String hostId, String name, String service, String stack,
      String ip, long sequence, Map<String, String> labels) {
    return Allocation.newBuilder().setNetworkId(networkId).setKind(AllocationKind.CONTAINER).setOwnerId(cid)
        .setHostId(hostId).setName(name).setService(service).setStack(stack).setNetns("nlc-" + name).setIp(ip)
        .setPrefixLength(16).setMac("0a:58:" + ip.hashCode()).setState(AllocationState.ALLOCATED)
        .setSequence(sequence).setOccurredAt(Instant.EPOCH)
        .setCause(InputCoordinates.newBuilder().setTopic("netledger.containers.v1").setPartition(0).setOffset(sequence)
            .build())
        .setLabels(labels).build();
  }

  static NetworkOnHost network(String networkId, String domain, String tunnelIp) {
    return NetworkOnHost.newBuilder().setNetworkId(networkId).setCidr(tunnelIp.replaceAll("\\.\\d+\\.\\d+$", ".0.0/16"))
        .setVni(networkId.length()).setMtu(1400).setRoutingTable(100).setEncryption(Encryption.NONE)
        .setDnsDomain(domain).setTunnelIp(tunnelIp).setTunnelMac("0a:58:00:00:00:01").setHostname("h2")
        .setLabels(Map.of("zone", "b")).build();
  }

  static LocalEndpoint endpoint(Allocation a) {
    return LocalEndpoint.newBuilder().setContainerId(a.getOwnerId()).setNetworkId(a.getNetworkId()).setName(a.getName())
        .setService(a.getService()).setStack(a.getStack()).setNetns(a.getNetns()).setIp(a.getIp()).setPrefixLength(16)
        .setMac(a.getMac()).setGateway("10.42.0.1").setMtu(1400).build();
  }

  static Peer peer(String networkId, String hostId, String hostname, String underlayIp, Map<String, String> labels) {
    return Peer.newBuilder().setNetworkId(networkId).setHostId(hostId).setUnderlayIp(underlayIp)
        .setVtepMac("0a:58:00:00:00:02").setTunnelIp("10.42.0.0").setBlocks(List.of()).setHostname(hostname)
        .setLabels(labels).build();
  }

  static final Allocation ROCKETCHAT = allocation(MANAGED, "c-rocketchat", "H1", "rocketchat", "rocketchat",
      "rocket-chat", "10.42.0.2", 1, Map.of());
  static Allocation mongo(String ip) {
    return allocation(MANAGED, "c-mongo", H2, "mongo", "mongo", "rocket-chat", ip, 2,
        Map.of("io.rancher.stack.name", "rocket-chat", "role", "db"));
  }
  static final Allocation HUBOT_1 = allocation(MANAGED, "c-hubot-1", H2, "hubot-1", "hubot", "rocket-chat",
      "10.42.0.66", 3, Map.of("role", "bot", "n", "1"));
  static final Allocation HUBOT_2 = allocation(MANAGED, "c-hubot-2", "H1", "hubot-2", "hubot", "rocket-chat",
      "10.42.0.3", 4, Map.of("role", "bot", "n", "2"));
  static Allocation secret(String ip) {
    return allocation(OTHER, "c-secret", H2, "secret", "vault", "secrets", ip, 1, Map.of());
  }

  /** The golden view: everything above replayed in one batch. */
  static MetadataView golden() {
    return golden(MONGO_IP, SECRET_IP);
  }

  /** The golden view with mongo and secret at other addresses (loopback ones for server tests). */
  static MetadataView golden(String mongoIp, String secretIp) {
    Allocation mongo = mongo(mongoIp);
    Allocation secret = secret(secretIp);
    MetadataDelta d = new MetadataDelta(MetadataView.empty(H2, H2_UNDERLAY));
    for (Allocation a : List.of(ROCKETCHAT, mongo, HUBOT_1, HUBOT_2, secret)) {
      d.replayAllocation(a.getOwnerId(), a);
    }
    d.replayAllocation("host/H2/managed", Allocation.newBuilder(mongo).setKind(AllocationKind.HOST).setOwnerId(H2)
        .build());
    d.replayHostState("H2/network/managed", wrap(network(MANAGED, "rancher.internal", "10.42.0.64")));
    d.replayHostState("H2/network/other", wrap(network(OTHER, "other.internal", "10.43.0.1")));
    for (Allocation a : List.of(mongo, HUBOT_1, secret)) {
      d.replayHostState("H2/endpoint/" + a.getOwnerId(), wrap(endpoint(a)));
    }
    d.replayHostState("H2/peer/managed/H1", wrap(peer(MANAGED, "H1", "h1", "192.0.2.11", Map.of("zone", "a"))));
    d.replayHostState("H2/peer/other/H3", wrap(peer(OTHER, "H3", "h3", "192.0.2.13", Map.of())));
    return d.apply();
  }
}
