package io.netledger.devcluster.demo;

import io.netledger.events.security.Principal;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.PortMapping;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * "A day in the life of a packet": hosts H1 and H2, network {@code managed} 10.42.0.0/16, stack
 * {@code rocket-chat} with rocketchat on H1, mongo and hubot on H2. Used by {@code netledger demo}
 * and by the end-to-end tests, so both tell the same story.
 */
public final class SeedScenario {
  private SeedScenario() {}

  public static final String DOMAIN = "rancher.internal";
  public static final String NETWORK = "managed";
  public static final String STACK = "rocket-chat";

  public static HostRegistered host(String id, String underlayIp) {
    return HostRegistered.newBuilder().setHostId(id).setHostname(id.toLowerCase()).setUnderlayIp(underlayIp)
        .setIkeIdentity(Principal.host(id).ikeIdentity()).build();
  }

  public static NetworkCreated network(Encryption encryption) {
    return NetworkCreated.newBuilder().setNetworkId(NETWORK).setName(NETWORK).setCidr("10.42.0.0/16")
        .setBlockPrefixLength(26).setVni(4242).setMtu(encryption == Encryption.IPSEC ? 1350 : 1450)
        .setDnsDomain(DOMAIN).setEncryption(encryption).build();
  }

  /** The port Rocket.Chat serves HTTP on, published on its host as the same port ("is available at <host>:3000"). */
  public static final int ROCKETCHAT_PORT = 3000;

  /** A container of the stack; rocketchat publishes {@value #ROCKETCHAT_PORT}:{@value #ROCKETCHAT_PORT}/tcp. */
  public static ContainerStarted container(String service, String hostId) {
    List<PortMapping> ports = service.equals("rocketchat")
        ? List.of(PortMapping.newBuilder().setHostPort(ROCKETCHAT_PORT).setContainerPort(ROCKETCHAT_PORT).build())
        : List.of();
    return ContainerStarted.newBuilder().setContainerId("c-" + service).setName(service)
        .setService(service).setStack(STACK).setHostId(hostId).setNetworkId(NETWORK)
        .setNetns(io.netledger.devcluster.world.NetnsWorld.containerNs(service)).setPorts(ports).build();
  }

  /** The events in the order an orchestrator would publish them. */
  public static List<SpecificRecord> events(String h1UnderlayIp, String h2UnderlayIp, Encryption encryption) {
    return List.of(
        host("H1", h1UnderlayIp),
        host("H2", h2UnderlayIp),
        network(encryption),
        container("rocketchat", "H1"),
        container("mongo", "H2"),
        container("hubot", "H2"));
  }
}
