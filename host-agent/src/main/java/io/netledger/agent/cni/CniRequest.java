package io.netledger.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import io.netledger.avro.PortMapping;
import io.netledger.avro.PortProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One CNI invocation as the agent acts on it: the {@code CNI_*} environment and the network
 * configuration from stdin, decoded by {@link CniCall}. Parsing {@code CNI_ARGS} and the config
 * lives here, on the agent side, so the plugin stays a dumb pipe.
 */
public record CniRequest(String command, String containerId, String netns, String ifName, String args, JsonNode config) {

  /** ADD and CHECK need all of container id, netns and interface name. */
  void requireAttachment() {
    if (containerId == null || !Attachments.isSafeId(containerId)) {
      throw new CniError(CniError.INVALID_ENV, "CNI_CONTAINERID is missing or unusable", String.valueOf(containerId));
    }
    if (netns == null) {
      throw new CniError(CniError.INVALID_ENV, "CNI_NETNS is missing", "");
    }
    if (ifName == null) {
      throw new CniError(CniError.INVALID_ENV, "CNI_IFNAME is missing", "");
    }
  }

  /** {@code CNI_ARGS} as a map ({@code K=V;K2=V2}). */
  public Map<String, String> argMap() {
    Map<String, String> m = new LinkedHashMap<>();
    if (args != null) {
      for (String kv : args.split(";")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    return m;
  }

  /** The network to join: {@code "networkId"} of the configuration. */
  public String networkId() {
    JsonNode n = config.get("networkId");
    return n == null || !n.isTextual() ? null : n.asText();
  }

  /**
   * The container's DNS name: {@code K8S_POD_NAME} (podman passes the container name there), made
   * a valid label; else derived from the container id.
   */
  public String name() {
    String given = argMap().get("K8S_POD_NAME");
    if (given == null || given.isBlank()) {
      given = "c-" + containerId.substring(0, Math.min(12, containerId.length()));
    }
    String label = given.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    return label.length() > 63 ? label.substring(0, 63).replaceAll("-+$", "") : label;
  }

  public String ip() {
    return argMap().get("IP");
  }

  public String mac() {
    return argMap().get("MAC");
  }

  public String service() {
    return argMap().get("NETLEDGER_SERVICE");
  }

  public String stack() {
    return argMap().get("NETLEDGER_STACK");
  }

  /**
   * The ports the runtime asks to publish: {@code runtimeConfig.portMappings} (the CNI
   * {@code portMappings} capability, {@code podman run -p}), each
   * {@code {"hostPort", "containerPort", "protocol", "hostIP"}}. An empty or any-address hostIP
   * ({@code ""}, {@code 0.0.0.0}) publishes on the host's underlay address (hostIp null). A
   * mapping that cannot be one of ours is a {@link CniError} naming it, never dropped: the
   * validator checks the ranges and addresses when the start is published.
   */
  public List<PortMapping> ports() {
    List<PortMapping> out = new ArrayList<>();
    JsonNode mappings = config.path("runtimeConfig").path("portMappings");
    if (mappings.isMissingNode() || mappings.isNull()) {
      return out;
    }
    if (!mappings.isArray()) {
      throw new CniError(CniError.INVALID_CONFIG, "runtimeConfig.portMappings is not a list", mappings.toString());
    }
    for (int i = 0; i < mappings.size(); i++) {
      JsonNode m = mappings.get(i);
      String where = "runtimeConfig.portMappings[" + i + "]";
      if (!m.path("hostPort").canConvertToInt() || !m.path("containerPort").canConvertToInt()
          || !m.path("hostPort").isIntegralNumber() || !m.path("containerPort").isIntegralNumber()) {
        throw new CniError(CniError.INVALID_CONFIG, where + " needs integer hostPort and containerPort", m.toString());
      }
      String protocol = m.path("protocol").asText("tcp").toLowerCase(Locale.ROOT);
      PortProtocol p = switch (protocol.isEmpty() ? "tcp" : protocol) {
        case "tcp" -> PortProtocol.TCP;
        case "udp" -> PortProtocol.UDP;
        default -> throw new CniError(CniError.UNSUPPORTED, where + ".protocol: netledger publishes tcp and udp, not "
            + protocol, m.toString());
      };
      String hostIp = m.path("hostIP").asText("");
      if (hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::")) {
        hostIp = null;
      }
      out.add(PortMapping.newBuilder().setHostIp(hostIp).setHostPort(m.get("hostPort").asInt())
          .setContainerPort(m.get("containerPort").asInt()).setProtocol(p).build());
    }
    return out;
  }

  /** GC: the container ids the runtime still uses ({@code cni.dev/valid-attachments}). */
  public Set<String> validAttachments() {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode a : config.path("cni.dev/valid-attachments")) {
      if (a.hasNonNull("containerID")) {
        out.add(a.get("containerID").asText());
      }
    }
    return out;
  }
}
