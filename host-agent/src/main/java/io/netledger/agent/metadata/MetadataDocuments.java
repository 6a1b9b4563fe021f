package io.netledger.agent.metadata;

import io.netledger.agent.dns.DnsView;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The JSON documents of the metadata API, pure: the view in, {@link JsonObject} out. Field names
 * follow the Avro records so a reader of one knows the other.
 */
public final class MetadataDocuments {
  private MetadataDocuments() {}

  /** {@code /latest/self/container}: the endpoint, its host, and the names it is known by. */
  public static JsonObject container(LocalEndpoint e, DnsView view) {
    JsonObject doc = new JsonObject()
        .put("containerId", e.getContainerId())
        .put("name", e.getName())
        .put("service", e.getService())
        .put("stack", e.getStack())
        .put("networkId", e.getNetworkId())
        .put("ip", e.getIp())
        .put("prefixLength", e.getPrefixLength())
        .put("mac", e.getMac())
        .put("gateway", e.getGateway())
        .put("mtu", e.getMtu())
        .put("hostId", view.hostId());
    Optional<String> domain = view.domainsOf(e.getNetworkId()).stream().findFirst();
    domain.ifPresent(d -> doc.put("dnsDomain", d));
    return doc;
  }

  /** {@code /latest/self/host}: the host and the networks it takes part in. */
  public static JsonObject host(DnsView view, String underlayIp) {
    JsonArray networks = new JsonArray();
    for (NetworkOnHost n : view.networks().values()) {
      networks.add(new JsonObject()
          .put("networkId", n.getNetworkId())
          .put("cidr", n.getCidr())
          .put("vni", n.getVni())
          .put("mtu", n.getMtu())
          .put("encryption", n.getEncryption().name())
          .put("dnsDomain", n.getDnsDomain())
          .put("tunnelIp", n.getTunnelIp()));
    }
    return new JsonObject()
        .put("hostId", view.hostId())
        .put("underlayIp", underlayIp)
        .put("networks", networks);
  }

  /** The body of every error: what went wrong and for which source. */
  public static JsonObject error(String reason, String source) {
    return new JsonObject().put("error", reason).put("source", source);
  }
}
