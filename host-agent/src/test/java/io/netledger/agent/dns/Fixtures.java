package io.netledger.agent.dns;

import io.netledger.avro.DnsRecord;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.events.net.Macs;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import java.util.List;

/**
 * The seed scenario as records: network {@code managed} (rancher.internal) with stack
 * {@code rocket-chat}, and a second network {@code other} (other.internal) on the same host.
 */
public final class Fixtures {
  public static final String HOST = "h2";
  public static final String MANAGED = "managed";
  public static final String OTHER = "other";
  public static final String DOMAIN = "rancher.internal";
  public static final String HUBOT = "hubot.rocket-chat.rancher.internal";
  public static final String MONGO = "mongo.rocket-chat.rancher.internal";
  public static final String SECRET = "vault.ops.other.internal";

  private Fixtures() {}

  private static final InputCoordinates CAUSE = InputCoordinates.newBuilder()
      .setTopic(Topics.CONTAINERS.name()).setPartition(0).setOffset(1).build();

  public static DnsRecord record(String networkId, String fqdn, int ttl, String... addresses) {
    return DnsRecord.newBuilder().setNetworkId(networkId).setFqdn(fqdn)
        .setAddresses(List.of(addresses)).setTtlSeconds(ttl)
        .setOccurredAt(Instant.EPOCH).setCause(CAUSE).build();
  }

  public static LocalEndpoint endpoint(String containerId, String networkId, String name,
      String stack, String ip, String netns) {
    return LocalEndpoint.newBuilder().setContainerId(containerId).setNetworkId(networkId)
        .setName(name).setService(name).setStack(stack).setNetns(netns).setIp(ip)
        .setPrefixLength(16).setMac(Macs.fromIpv4(ip)).setGateway("10.42.0.1").setMtu(1450).build();
  }

  public static NetworkOnHost network(String networkId, String domain) {
    return NetworkOnHost.newBuilder().setNetworkId(networkId).setCidr("10.42.0.0/16").setVni(4242)
        .setMtu(1450).setRoutingTable(100).setEncryption(Encryption.NONE).setDnsDomain(domain)
        .setTunnelIp("10.42.0.1").setTunnelMac("0a:58:0a:2a:00:01").build();
  }

  public static HostStateSlice slice(String hostId, Object value) {
    return HostStateSlice.newBuilder().setHostId(hostId).setGeneration(1)
        .setOccurredAt(Instant.EPOCH).setCause(CAUSE).setSlice(value).build();
  }

  /**
   * The seed view: in {@code managed}, mongo (10.42.0.5, the asking container, source address
   * {@code managedSource}) and hubot (10.42.0.7, two addresses for the service); in {@code other},
   * one container at {@code otherSource} and a name {@link #SECRET} only that network may see.
   */
  public static DnsView seed(String managedSource, String otherSource) {
    DnsDelta d = new DnsDelta(DnsView.empty(HOST));
    d.replayDnsRecord(MANAGED + "/" + HUBOT, record(MANAGED, HUBOT, 600, "10.42.0.7", "10.42.0.8"));
    d.replayDnsRecord(MANAGED + "/" + MONGO, record(MANAGED, MONGO, 60, "10.42.0.5"));
    d.replayDnsRecord(OTHER + "/" + SECRET, record(OTHER, SECRET, 600, "10.43.0.9"));
    d.replayHostState(HOST + "/network/" + MANAGED, slice(HOST, network(MANAGED, DOMAIN)));
    d.replayHostState(HOST + "/network/" + OTHER, slice(HOST, network(OTHER, "other.internal")));
    d.replayHostState(HOST + "/endpoint/c-mongo",
        slice(HOST, endpoint("c-mongo", MANAGED, "mongo", "rocket-chat", managedSource, "nlt-mongo")));
    d.replayHostState(HOST + "/endpoint/c-ops",
        slice(HOST, endpoint("c-ops", OTHER, "ops", null, otherSource, "nlt-ops")));
    return d.apply();
  }
}
