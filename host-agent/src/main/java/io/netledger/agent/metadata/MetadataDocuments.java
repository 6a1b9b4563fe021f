package io.netledger.agent.metadata;

import io.netledger.agent.dns.DnsNames;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields this API answered before it followed rancher-metadata, pure: they stay in
 * {@code self/container} and {@code self/host} beside rancher-metadata's names, so clients of
 * either keep working. Field names follow the Avro records.
 */
public final class MetadataDocuments {
  private MetadataDocuments() {}

  /** The endpoint, its host, and the domain it is known in. */
  public static Map<String, Object> container(LocalEndpoint e, MetadataView view) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("containerId", e.getContainerId());
    doc.put("name", e.getName());
    putIfSet(doc, "service", e.getService());
    putIfSet(doc, "stack", e.getStack());
    doc.put("networkId", e.getNetworkId());
    doc.put("ip", e.getIp());
    doc.put("prefixLength", e.getPrefixLength());
    doc.put("mac", e.getMac());
    doc.put("gateway", e.getGateway());
    doc.put("mtu", e.getMtu());
    doc.put("hostId", view.hostId());
    NetworkOnHost n = view.networks().get(e.getNetworkId());
    if (n != null) {
      doc.put("dnsDomain", DnsNames.normalize(n.getDnsDomain()));
    }
    return doc;
  }

  /**
   * The host and, of the networks it takes part in, the asker's own: a container learns nothing
   * of the other networks on its host (not even their ids or CIDRs).
   */
  public static Map<String, Object> host(MetadataView view, LocalEndpoint asker) {
    List<Object> networks = new ArrayList<>();
    for (NetworkOnHost n : view.networks().values()) {
      if (!n.getNetworkId().equals(asker.getNetworkId())) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("networkId", n.getNetworkId());
      m.put("cidr", n.getCidr());
      m.put("vni", n.getVni());
      m.put("mtu", n.getMtu());
      m.put("encryption", n.getEncryption().name());
      m.put("dnsDomain", n.getDnsDomain());
      m.put("tunnelIp", n.getTunnelIp());
      networks.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("hostId", view.hostId());
    doc.put("underlayIp", view.underlayIp());
    doc.put("networks", networks);
    return doc;
  }

  /** The body of every JSON error: what went wrong and for which source. */
  public static JsonObject error(String reason, String source) {
    return new JsonObject().put("error", reason).put("source", source);
  }

  private static void putIfSet(Map<String, Object> doc, String key, Object value) {
    if (value != null) {
      doc.put(key, value);
    }
  }
}
