package io.netledger.ui.view;

import io.netledger.avro.AgentStatus;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.ObjectError;
import io.netledger.avro.Rejection;
import io.netledger.avro.TunnelHealth;
import io.netledger.events.net.Cidr;
import io.netledger.ui.view.InfraImage.PeerEdge;
import io.netledger.ui.view.InfraImage.RejectionEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders what the page draws from an {@link InfraImage}: one JSON object per entity (see
 * {@link EntityIds}), null when the entity is not (or no longer) there. Pure: the same image
 * always renders the same JSON, so the server can compare a rendering with the last one it sent
 * and push only what differs.
 */
public final class ViewJson {
  private ViewJson() {}

  /** Every entity of the image, by id. */
  public static Map<String, JsonObject> all(InfraImage image) {
    Set<String> ids = new TreeSet<>();
    image.networks().keySet().forEach(id -> ids.add(EntityIds.network(id)));
    image.hosts().keySet().forEach(id -> ids.add(EntityIds.host(id)));
    image.agents().keySet().forEach(id -> ids.add(EntityIds.host(id)));
    image.generations().keySet().forEach(id -> ids.add(EntityIds.host(id)));
    for (Allocation a : image.allocations().values()) {
      ids.add(a.getKind() == AllocationKind.CONTAINER ? EntityIds.container(a.getOwnerId()) : EntityIds.host(a.getHostId()));
    }
    image.blocks().values().forEach(b -> ids.add(EntityIds.host(b.getHostId())));
    ids.add(EntityIds.MESH);
    ids.add(EntityIds.REJECTIONS);
    ids.add(EntityIds.LOG);
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (String id : ids) {
      JsonObject o = render(image, id);
      if (o != null) {
        out.put(id, o);
      }
    }
    return out;
  }

  /** One entity, or null when it is not in the image. */
  public static JsonObject render(InfraImage image, String entityId) {
    int colon = entityId.indexOf(':');
    if (colon < 0) {
      return switch (entityId) {
        case EntityIds.MESH -> mesh(image);
        case EntityIds.REJECTIONS -> rejections(image);
        case EntityIds.LOG -> new JsonObject().put("records", image.log().records())
            .put("undecodable", image.log().undecodable()).put("lastUndecodable", image.log().lastUndecodable());
        default -> null;
      };
    }
    String id = entityId.substring(colon + 1);
    return switch (entityId.substring(0, colon)) {
      case "host" -> host(image, id);
      case "container" -> container(image.allocations().get(id));
      case "network" -> network(image, id);
      default -> null;
    };
  }

  static JsonObject container(Allocation a) {
    if (a == null || a.getKind() != AllocationKind.CONTAINER) {
      return null;
    }
    return new JsonObject().put("id", a.getOwnerId()).put("name", a.getName()).put("service", a.getService())
        .put("stack", a.getStack()).put("hostId", a.getHostId()).put("networkId", a.getNetworkId())
        .put("ip", a.getIp()).put("prefixLength", a.getPrefixLength()).put("mac", a.getMac())
        .put("block", a.getBlockCidr()).put("borrowed", a.getBorrowed()).put("netns", a.getNetns())
        .put("since", a.getOccurredAt().toEpochMilli());
  }

  static JsonObject host(InfraImage image, String id) {
    HostRegistered reg = image.host(id);
    AgentStatus agent = image.agents().get(id);
    Long desired = image.generations().get(id);
    JsonArray tunnels = new JsonArray();
    for (String network : new TreeSet<>(image.networks().keySet())) {
      Allocation a = image.allocations().get("host/" + id + "/" + network);
      if (a != null) {
        tunnels.add(new JsonObject().put("networkId", network).put("ip", a.getIp()));
      }
    }
    JsonArray blocks = new JsonArray();
    image.blocks().values().stream().filter(b -> b.getHostId().equals(id)).map(BlockAffinity::getCidr)
        .sorted(ViewJson::compareCidrs).forEach(blocks::add);
    if (reg == null && agent == null && desired == null && tunnels.isEmpty() && blocks.isEmpty()) {
      return null;
    }
    JsonObject o = new JsonObject().put("id", id).put("registered", reg != null)
        .put("hostname", reg == null ? null : reg.getHostname())
        .put("underlayIp", reg == null ? null : reg.getUnderlayIp())
        .put("ikeIdentity", reg == null ? null : reg.getIkeIdentity())
        .put("labels", reg == null ? new JsonObject() : new JsonObject(new TreeMap<>(reg.getLabels())))
        .put("tunnels", tunnels).put("blocks", blocks)
        .put("desiredGeneration", desired == null ? -1 : desired);
    if (agent == null) {
      return o.putNull("agent").put("lag", desired == null ? 0 : desired + 1);
    }
    JsonArray errors = new JsonArray();
    for (ObjectError e : agent.getErrors()) {
      errors.add(new JsonObject().put("kind", e.getKind()).put("id", e.getId()).put("message", e.getMessage()));
    }
    JsonObject caps = new JsonObject().put("vxlan", agent.getCapabilities().getVxlan())
        .put("policyRouting", agent.getCapabilities().getPolicyRouting())
        .put("kernelEsp", agent.getCapabilities().getKernelEsp())
        .put("libipsec", agent.getCapabilities().getLibipsec());
    o.put("agent", new JsonObject().put("health", agent.getHealth().toString())
        .put("appliedGeneration", agent.getAppliedGeneration()).put("appliedOffset", agent.getAppliedOffset())
        .put("partition", agent.getPartition()).put("reportedAt", agent.getReportedAt().toEpochMilli())
        .put("message", agent.getMessage()).put("errors", errors).put("capabilities", caps)
        .put("charonRestarts", agent.getCharonRestarts()));
    return o.put("lag", desired == null ? 0 : Math.max(0, desired - agent.getAppliedGeneration()));
  }

  static JsonObject network(InfraImage image, String id) {
    NetworkCreated n = image.network(id);
    if (n == null) {
      return null;
    }
    Cidr pool;
    try {
      pool = Cidr.parse(n.getCidr());
    } catch (RuntimeException e) {
      // The allocator rejects such a network; until its rejection is read, show what is known.
      pool = null;
    }
    long blocksTotal = pool == null || n.getBlockPrefixLength() < pool.prefixLength() || n.getBlockPrefixLength() > 32
        ? 0 : 1L << (n.getBlockPrefixLength() - pool.prefixLength());
    Map<String, Integer> byHost = new TreeMap<>();
    int claimed = 0;
    for (BlockAffinity b : image.blocks().values()) {
      if (b.getNetworkId().equals(id)) {
        claimed++;
        byHost.merge(b.getHostId(), 1, Integer::sum);
      }
    }
    int held = 0;
    int containers = 0;
    for (Allocation a : image.allocations().values()) {
      if (a.getNetworkId().equals(id)) {
        held++;
        if (a.getKind() == AllocationKind.CONTAINER) {
          containers++;
        }
      }
    }
    Set<String> reserved = new HashSet<>(n.getReservedIps());
    long usable = pool == null ? 0 : Math.max(0, pool.size() - 2 - reserved.size());
    return new JsonObject().put("id", id).put("name", n.getName()).put("cidr", n.getCidr()).put("vni", n.getVni())
        .put("mtu", n.getMtu()).put("encryption", n.getEncryption().toString()).put("dnsDomain", n.getDnsDomain())
        .put("blockPrefixLength", n.getBlockPrefixLength()).put("blocksTotal", blocksTotal)
        .put("blocksClaimed", claimed).put("blocksByHost", new JsonObject(new LinkedHashMap<>(byHost)))
        .put("usable", usable).put("held", held).put("containers", containers);
  }

  static JsonObject mesh(InfraImage image) {
    Set<String> hostIds = new TreeSet<>(image.hosts().keySet());
    hostIds.removeIf(h -> image.host(h) == null);
    hostIds.addAll(image.agents().keySet());
    Map<String, Set<String>> directions = new TreeMap<>();
    for (PeerEdge e : image.peers().values()) {
      String a = e.hostId().compareTo(e.peerHostId()) <= 0 ? e.hostId() : e.peerHostId();
      String b = a.equals(e.hostId()) ? e.peerHostId() : e.hostId();
      directions.computeIfAbsent(e.networkId() + "\u0000" + a + "\u0000" + b, k -> new TreeSet<>()).add(e.hostId());
      hostIds.add(a);
      hostIds.add(b);
    }
    JsonArray nodes = new JsonArray();
    for (String h : hostIds) {
      HostRegistered reg = image.host(h);
      AgentStatus s = image.agents().get(h);
      nodes.add(new JsonObject().put("id", h).put("hostname", reg == null ? null : reg.getHostname())
          .put("underlayIp", reg == null ? null : reg.getUnderlayIp())
          .put("health", s == null ? null : s.getHealth().toString()));
    }
    JsonArray edges = new JsonArray();
    for (Map.Entry<String, Set<String>> d : directions.entrySet()) {
      String[] k = d.getKey().split("\u0000", 3);
      NetworkCreated n = image.network(k[0]);
      boolean encrypted = n != null && n.getEncryption() == Encryption.IPSEC;
      JsonObject edge = new JsonObject().put("networkId", k[0]).put("a", k[1]).put("b", k[2])
          .put("encrypted", encrypted).put("bothWays", d.getValue().size() == 2);
      if (encrypted) {
        edge.put("sa", new JsonArray(List.of(sa(image, k[1], k[2]), sa(image, k[2], k[1]))));
      }
      edges.add(edge);
    }
    return new JsonObject().put("nodes", nodes).put("edges", edges);
  }

  /** What {@code from}'s agent last said about its IKE and CHILD SAs to {@code to}. */
  private static JsonObject sa(InfraImage image, String from, String to) {
    JsonObject o = new JsonObject().put("from", from).put("to", to).put("ike", "UNKNOWN").put("child", "UNKNOWN");
    AgentStatus s = image.agents().get(from);
    if (s != null) {
      o.put("ike", "DOWN").put("child", "NONE");
      for (TunnelHealth t : s.getTunnels()) {
        if (t.getPeerHostId().equals(to)) {
          o.put("ike", t.getIkeState()).put("child", t.getChildState())
              .put("bytesIn", t.getBytesIn()).put("bytesOut", t.getBytesOut());
        }
      }
    }
    return o;
  }

  static JsonObject rejections(InfraImage image) {
    JsonArray last = new JsonArray();
    List<RejectionEntry> list = image.rejections();
    for (int i = list.size() - 1; i >= 0; i--) {
      RejectionEntry e = list.get(i);
      Rejection r = e.rejection();
      last.add(new JsonObject().put("at", e.coordinates()).put("key", e.key()).put("reason", r.getReason().toString())
          .put("message", r.getMessage()).put("rejectedBy", r.getRejectedBy())
          .put("input", LogRecord.coordinates(r.getInput().getTopic(), r.getInput().getPartition(), r.getInput().getOffset()))
          .put("inputTopic", r.getInput().getTopic())
          .put("occurredAt", r.getOccurredAt().toEpochMilli()));
    }
    return new JsonObject().put("count", image.rejectionCount()).put("last", last);
  }

  private static int compareCidrs(String x, String y) {
    try {
      return Long.compare(Cidr.parse(x).first().value(), Cidr.parse(y).first().value());
    } catch (RuntimeException e) {
      return x.compareTo(y);
    }
  }
}
