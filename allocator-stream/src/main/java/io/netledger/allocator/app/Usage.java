package io.netledger.allocator.app;

import io.netledger.allocator.state.NetworkLedger;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.NetworkCreated;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A network's pool at a glance: its blocks, what each host uses, and how many addresses are
 * left. Usable = the CIDR minus network, broadcast and reserved addresses; free = usable minus
 * held minus quarantined (released, waiting for the quarantine to pass).
 */
record Usage(NetworkCreated spec, List<BlockAffinity> blocks, List<Allocation> live, long usable, int quarantined) {

  static Usage of(NetworkCreated spec, List<BlockAffinity> blocks, List<Allocation> live, NetworkLedger ledger) {
    Cidr cidr = Cidr.parse(spec.getCidr());
    Set<String> reserved = new HashSet<>(spec.getReservedIps());
    reserved.remove(cidr.first().toString());
    reserved.remove(cidr.last().toString());
    long usable = Math.max(0, cidr.size() - 2 - reserved.size());
    int q = ledger == null ? 0 : ledger.getQuarantine().size();
    return new Usage(spec, blocks, live, usable, q);
  }

  long free() {
    return Math.max(0, usable - live.size() - quarantined);
  }

  double utilization() {
    return usable == 0 ? 0 : (double) live.size() / usable;
  }

  JsonObject toJson() {
    Map<String, JsonObject> hosts = new TreeMap<>();
    for (BlockAffinity b : blocks) {
      host(hosts, b.getHostId()).getJsonArray("blocks").add(b.getCidr());
    }
    for (Allocation a : live) {
      JsonObject h = host(hosts, a.getHostId());
      if (a.getKind() == AllocationKind.HOST) {
        h.put("hostAddress", a.getIp());
      } else {
        h.put("containers", h.getInteger("containers") + 1);
        if (a.getBorrowed()) {
          h.put("borrowed", h.getInteger("borrowed") + 1);
        }
      }
    }
    JsonArray blockArray = new JsonArray();
    blocks.stream().sorted((x, y) -> Long.compare(Ipv4.parse(x.getCidr().split("/")[0]).value(),
            Ipv4.parse(y.getCidr().split("/")[0]).value()))
        .forEach(b -> blockArray.add(new JsonObject().put("cidr", b.getCidr()).put("hostId", b.getHostId())));
    return new JsonObject()
        .put("networkId", spec.getNetworkId())
        .put("cidr", spec.getCidr())
        .put("blockPrefixLength", spec.getBlockPrefixLength())
        .put("usable", usable)
        .put("held", live.size())
        .put("quarantined", quarantined)
        .put("free", free())
        .put("utilization", utilization())
        .put("blocks", blockArray)
        .put("hosts", new JsonArray(List.copyOf(hosts.values())));
  }

  private static JsonObject host(Map<String, JsonObject> hosts, String hostId) {
    return hosts.computeIfAbsent(hostId, h -> new JsonObject().put("hostId", h).put("blocks", new JsonArray())
        .put("containers", 0).put("borrowed", 0).putNull("hostAddress"));
  }
}
