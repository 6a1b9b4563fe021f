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
 *
 * <p>The same rules run behind the doors: the allocator and the mesh call {@link
 * #violations(SpecificRecord)} on every decoded input (any Kafka client can write to the input
 * topics) and turn a non-empty list into an {@code INVALID_INPUT} rejection naming field, value and
 * rule ({@link #describe(List)}).
 */
public final class EventValidator {
  private EventValidator() {}

  /** Validates any input payload; throws for a type that is not an input payload. */
  public static void validate(SpecificRecord payload) {
    List<Violation> v = violations(payload);
    if (!v.isEmpty()) {
      throw new InvalidEventException(payload == null ? "input" : payload.getClass().getSimpleName(), v);
    }
  }

  /**
   * Every rule the payload breaks, empty when it is valid; never throws. A null or a type that is
   * not an input payload is one violation of field {@code payload}.
   */
  public static List<Violation> violations(SpecificRecord payload) {
    try {
      return rules(payload).violations();
    } catch (RuntimeException e) {
      // A hand-built record with a null in a required field fails inside a rule: still an answer.
      return List.of(new Violation("payload", payload == null ? null : payload.getClass().getSimpleName(),
          "is not a complete input event (" + e.getClass().getSimpleName() + ")"));
    }
  }

  /**
   * The violations of a start once its network's domain is known: every name it would get
   * ({@code <name>.<domain>}, {@code <service>.<stack>.<domain>}, {@code <alias>.<stack>.<domain>}) must be
   * an FQDN of at most 253 characters.
   */
  public static List<Violation> violations(ContainerStarted e, String dnsDomain) {
    List<Violation> v = new java.util.ArrayList<>(violations(e));
    if (dnsDomain == null || !v.isEmpty()) {
      return v;
    }
    Rules r = new Rules("ContainerStarted");
    r.fqdn("name", e.getName(), e.getName() + "." + dnsDomain);
    if (e.getService() != null && e.getStack() != null) {
      r.fqdn("service", e.getService(), e.getService() + "." + e.getStack() + "." + dnsDomain);
    }
    for (String alias : e.getAliases()) {
      r.fqdn("aliases", alias, alias + (e.getStack() == null ? "" : "." + e.getStack()) + "." + dnsDomain);
    }
    v.addAll(r.violations());
    return v;
  }

  /** The violations in one line, as an exception or a rejection says them. */
  public static String describe(List<Violation> violations) {
    return violations.stream().map(Violation::toString).collect(java.util.stream.Collectors.joining("; "));
  }

  private static Rules rules(SpecificRecord payload) {
    if (payload instanceof NetworkCreated e) {
      return rules(e);
    } else if (payload instanceof NetworkDeleted e) {
      return new Rules("NetworkDeleted").id("networkId", e.getNetworkId());
    } else if (payload instanceof HostRegistered e) {
      return rules(e);
    } else if (payload instanceof HostRemoved e) {
      return new Rules("HostRemoved").id("hostId", e.getHostId());
    } else if (payload instanceof ContainerStarted e) {
      return rules(e);
    } else if (payload instanceof ContainerStopped e) {
      return new Rules("ContainerStopped").id("containerId", e.getContainerId());
    } else if (payload instanceof ContainerRemoved e) {
      return new Rules("ContainerRemoved").id("containerId", e.getContainerId());
    }
    return new Rules("input").check(false, "payload", payload == null ? null : payload.getClass().getSimpleName(),
        "must be an input event (NetworkCreated, NetworkDeleted, HostRegistered, HostRemoved, ContainerStarted,"
            + " ContainerStopped or ContainerRemoved)");
  }

  public static void validate(NetworkCreated e) {
    rules(e).throwIfAny();
  }

  private static Rules rules(NetworkCreated e) {
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
    return r;
  }

  public static void validate(HostRegistered e) {
    rules(e).throwIfAny();
  }

  private static Rules rules(HostRegistered e) {
    Rules r = new Rules("HostRegistered")
        .id("hostId", e.getHostId())
        .dnsName("hostname", e.getHostname())
        .ipv4("underlayIp", e.getUnderlayIp());
    labels(r, e.getLabels());
    if (e.getIkeIdentity() != null) {
      r.ikeIdentity("ikeIdentity", e.getIkeIdentity());
    }
    return r;
  }

  public static void validate(ContainerStarted e) {
    rules(e).throwIfAny();
  }

  private static Rules rules(ContainerStarted e) {
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
    return r;
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
