package io.netledger.events.validate;

import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.PortMapping;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The input rules every door applies before an event reaches the log (the publisher library, the
 * CLI, the HTTP gateway). A violation throws {@link InvalidEventException} naming each field, its
 * value and the rule. What needs the log's state (is a requested address inside its network's
 * pool and free?) is decided by the allocator, which rejects on {@code netledger.rejected.v1}.
 */
public final class EventValidator {
  private EventValidator() {}

  /** Validates any input payload; throws for a type that is not an input payload. */
  public static void validate(SpecificRecord payload) {
    if (payload instanceof NetworkCreated e) {
      validate(e);
    } else if (payload instanceof NetworkDeleted e) {
      new Rules("NetworkDeleted").id("networkId", e.getNetworkId()).throwIfAny();
    } else if (payload instanceof HostRegistered e) {
      validate(e);
    } else if (payload instanceof HostRemoved e) {
      new Rules("HostRemoved").id("hostId", e.getHostId()).throwIfAny();
    } else if (payload instanceof ContainerStarted e) {
      validate(e);
    } else if (payload instanceof ContainerStopped e) {
      new Rules("ContainerStopped").id("containerId", e.getContainerId()).throwIfAny();
    } else if (payload instanceof ContainerRemoved e) {
      new Rules("ContainerRemoved").id("containerId", e.getContainerId()).throwIfAny();
    } else {
      throw new IllegalArgumentException("not an input event: "
          + (payload == null ? "null" : payload.getClass().getSimpleName()));
    }
  }

  public static void validate(NetworkCreated e) {
    Rules r = new Rules("NetworkCreated")
        .id("networkId", e.getNetworkId())
        .label("name", e.getName())
        .range("vni", e.getVni(), 1, Rules.MAX_VNI)
        .range("mtu", e.getMtu(), Rules.MIN_MTU, Rules.MAX_MTU)
        .dnsName("dnsDomain", e.getDnsDomain())
        .range("dnsTtlSeconds", e.getDnsTtlSeconds(), 0, 2_147_483_647)
        .range("blockPrefixLength", e.getBlockPrefixLength(), Rules.MIN_BLOCK_PREFIX, Rules.MAX_BLOCK_PREFIX);
    Cidr pool = r.pool("cidr", e.getCidr());
    if (pool != null) {
      r.check(e.getBlockPrefixLength() >= pool.prefixLength(), "blockPrefixLength",
          e.getBlockPrefixLength(), "must not be shorter than the pool's prefix /" + pool.prefixLength());
      for (String ip : e.getReservedIps()) {
        r.ipv4("reservedIps", ip);
        r.check(!Ipv4.isValid(ip) || pool.contains(Ipv4.parse(ip)), "reservedIps", ip,
            "must lie inside " + pool);
      }
    }
    r.throwIfAny();
  }

  public static void validate(HostRegistered e) {
    Rules r = new Rules("HostRegistered")
        .id("hostId", e.getHostId())
        .dnsName("hostname", e.getHostname())
        .ipv4("underlayIp", e.getUnderlayIp());
    labels(r, e.getLabels());
    if (e.getIkeIdentity() != null) {
      r.notEmpty("ikeIdentity", e.getIkeIdentity());
    }
    r.throwIfAny();
  }

  public static void validate(ContainerStarted e) {
    Rules r = new Rules("ContainerStarted")
        .id("containerId", e.getContainerId())
        .label("name", e.getName())
        .optionalLabel("service", e.getService())
        .optionalLabel("stack", e.getStack())
        .check(e.getService() == null || e.getStack() != null, "stack", e.getStack(),
            "must be given when service is (names are <service>.<stack>.<domain>)")
        .id("hostId", e.getHostId())
        .id("networkId", e.getNetworkId())
        .netns("netns", e.getNetns())
        .optionalIpv4("requestedIp", e.getRequestedIp());
    List<String> aliases = e.getAliases();
    for (String alias : aliases) {
      r.label("aliases", alias);
    }
    labels(r, e.getLabels());
    ports(r, e.getPorts());
    r.throwIfAny();
  }

  /** Ports 1..65535; a host port (and protocol, and address) is published at most once per event. */
  private static void ports(Rules r, List<PortMapping> ports) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (PortMapping p : ports) {
      r.optionalIpv4("ports.hostIp", p.getHostIp())
          .range("ports.hostPort", p.getHostPort(), 1, 65_535)
          .range("ports.containerPort", p.getContainerPort(), 1, 65_535);
      String key = p.getHostPort() + "/" + p.getProtocol();
      r.check(seen.add(key), "ports.hostPort", key, "must be published once per container");
    }
  }

  private static void labels(Rules r, Map<String, String> labels) {
    for (String key : labels.keySet()) {
      r.check(!key.isBlank(), "labels", key, "keys must not be empty");
    }
  }
}
