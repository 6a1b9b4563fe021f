package io.netledger.agent.calc;

import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import io.netledger.events.net.Macs;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written host-state slices of the seed scenario as H2 sees them: network {@code managed}
 * (10.42.0.0/16, VNI 42, table 100), mongo and hubot local, peer H1 holding block 10.42.0.0/26.
 * H2's block is 10.42.0.64/26 and its tunnel address the first of it.
 */
public final class Slices {
  public static final String H1_UNDERLAY = "192.0.2.1";
  public static final String H2_UNDERLAY = "192.0.2.2";
  public static final HostConfig H2 = new HostConfig("H2", H2_UNDERLAY, null);
  public static final int TABLE = 100;
  public static final int VNI = 42;

  private static long generation;

  private Slices() {}

  public static HostStateSlice wrap(String hostId, Object slice) {
    return HostStateSlice.newBuilder().setHostId(hostId).setGeneration(++generation)
        .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setCause(InputCoordinates.newBuilder().setTopic("netledger.containers.v1").setPartition(0)
            .setOffset(generation).build())
        .setSlice(slice).build();
  }

  public static NetworkOnHost network(String tunnelIp) {
    return network("managed", "10.42.0.0/16", VNI, TABLE, tunnelIp);
  }

  public static NetworkOnHost network(String networkId, String cidr, int vni, int table, String tunnelIp) {
    return NetworkOnHost.newBuilder().setNetworkId(networkId).setCidr(cidr).setVni(vni).setMtu(1400)
        .setRoutingTable(table).setEncryption(Encryption.NONE).setDnsDomain("rancher.internal")
        .setTunnelIp(tunnelIp).setTunnelMac(Macs.fromIpv4(tunnelIp)).build();
  }

  public static LocalEndpoint endpoint(String containerId, String name, String netns, String ip, String gateway) {
    return LocalEndpoint.newBuilder().setContainerId(containerId).setNetworkId("managed").setName(name)
        .setService(name).setStack("rocket-chat").setNetns(netns).setIp(ip).setPrefixLength(16)
        .setMac(Macs.fromIpv4(ip)).setGateway(gateway).setMtu(1400).build();
  }

  public static Peer peer(String hostId, String underlayIp, String tunnelIp, List<String> blocks) {
    return Peer.newBuilder().setNetworkId("managed").setHostId(hostId).setUnderlayIp(underlayIp)
        .setVtepMac(Macs.fromIpv4(tunnelIp)).setTunnelIp(tunnelIp).setBlocks(blocks).build();
  }

  /** H2's slices by record key, netns names as given. */
  public static Map<String, HostStateSlice> h2(String mongoNs, String hubotNs) {
    Map<String, HostStateSlice> m = new LinkedHashMap<>();
    m.put("H2/network/managed", wrap("H2", network("10.42.0.65")));
    m.put("H2/endpoint/c-mongo", wrap("H2", endpoint("c-mongo", "mongo", mongoNs, "10.42.0.66", "10.42.0.65")));
    m.put("H2/endpoint/c-hubot", wrap("H2", endpoint("c-hubot", "hubot", hubotNs, "10.42.0.67", "10.42.0.65")));
    m.put("H2/peer/managed/H1", wrap("H2", peer("H1", H1_UNDERLAY, "10.42.0.1", List.of("10.42.0.0/26"))));
    return m;
  }
}
