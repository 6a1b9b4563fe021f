package io.netledger.allocator.app;

import io.netledger.support.http.AvroJson;
import io.netledger.support.http.Ids;
import io.netledger.support.http.Answer;

import io.netledger.allocator.ipam.AllocationKeys;
import io.netledger.allocator.ipam.StateSections;
import io.netledger.allocator.state.NetworkLedger;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.events.serde.AvroBinary;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.NetworkCreated;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import io.netledger.events.topic.Topics;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the query API from the allocator's image store ({@link AllocatorTopology#IMAGE_STORE}:
 * key {@code <section>|<key>}, value the record in plain Avro binary). Takes the store as a
 * function so the same code answers from a running {@code KafkaStreams} (interactive query) and
 * from a {@code TopologyTestDriver} in tests.
 *
 * <pre>{@code
 * AllocatorQueries q = new AllocatorQueries(() -> streams.store(...));
 * Answer a = q.allocation("c-42");     // 200 {...Allocation...}, 404 unknown, 400 malformed
 * }</pre>
 */
public final class AllocatorQueries {
  static final char SEP = '|';
  private static final String ALLOCATIONS = Topics.ALLOCATIONS.name() + SEP;
  private static final String BLOCKS = Topics.IPAM_BLOCKS.name() + SEP;
  private static final String DNS = Topics.DNS_RECORDS.name() + SEP;
  private static final String NETWORKS = StateSections.NETWORKS + SEP;
  private static final String LEDGERS = StateSections.LEDGERS + SEP;

  private final java.util.function.Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;

  public AllocatorQueries(java.util.function.Supplier<ReadOnlyKeyValueStore<String, byte[]>> store) {
    this.store = store;
  }

  /** The store key a request for {@code containerId} reads (for finding the owning instance). */
  public static String allocationKey(String containerId) {
    return ALLOCATIONS + containerId;
  }

  public static String networkKey(String networkId) {
    return NETWORKS + networkId;
  }

  /** {@code GET /v1/allocations/{containerId}}: the container's allocation (ALLOCATED, RELEASED or FAILED). */
  public Answer allocation(String containerId) {
    String bad = Ids.check("containerId", containerId);
    if (bad != null) {
      return Answer.badRequest(bad);
    }
    Allocation a = get(ALLOCATIONS + containerId, Allocation.class);
    return a == null ? Answer.notFound("no allocation for container " + containerId)
        : Answer.ok(AvroJson.of(a).put("key", containerId));
  }

  /** {@code GET /v1/networks/{networkId}/addresses/{ip}}: who holds the address. */
  public Answer address(String networkId, String ip) {
    String bad = Ids.check("networkId", networkId);
    if (bad == null && !Ipv4.isValid(ip)) {
      bad = "not an IPv4 address: " + ip;
    }
    if (bad != null) {
      return Answer.badRequest(bad);
    }
    NetworkCreated spec = get(NETWORKS + networkId, NetworkCreated.class);
    if (spec == null) {
      return Answer.notFound("unknown network " + networkId);
    }
    Cidr cidr = Cidr.parse(spec.getCidr());
    Ipv4 addr = Ipv4.parse(ip);
    if (!cidr.contains(addr)) {
      return Answer.badRequest(ip + " is outside " + networkId + "'s " + cidr);
    }
    String canonical = addr.toString();
    for (Map.Entry<String, Allocation> e : allocations().entrySet()) {
      Allocation a = e.getValue();
      if (a.getNetworkId().equals(networkId) && canonical.equals(a.getIp()) && a.getState() == AllocationState.ALLOCATED) {
        return Answer.ok(new JsonObject().put("networkId", networkId).put("ip", canonical).put("holder", e.getKey())
            .put("allocation", AvroJson.of(a)));
      }
    }
    boolean reserved = addr.equals(cidr.first()) || addr.equals(cidr.last()) || spec.getReservedIps().contains(canonical);
    return Answer.notFound(canonical + " is not held in " + networkId + (reserved ? " (reserved)" : " (free)"));
  }

  /** {@code GET /v1/networks/{networkId}/usage}: blocks, per-host use and the free count. */
  public Answer usage(String networkId) {
    String bad = Ids.check("networkId", networkId);
    if (bad != null) {
      return Answer.badRequest(bad);
    }
    NetworkCreated spec = get(NETWORKS + networkId, NetworkCreated.class);
    if (spec == null) {
      return Answer.notFound("unknown network " + networkId);
    }
    return Answer.ok(Usage.of(spec, blocks(networkId), liveIn(networkId), get(LEDGERS + networkId, NetworkLedger.class))
        .toJson());
  }

  /** {@code GET /v1/dns/{networkId}/{fqdn}}: the name's A record. */
  public Answer dns(String networkId, String fqdn) {
    String bad = Ids.check("networkId", networkId);
    String name = fqdn == null ? "" : fqdn.toLowerCase(java.util.Locale.ROOT);
    name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (bad == null && !Ids.isHostname(name)) {
      bad = "not an RFC 1123 name: " + fqdn;
    }
    if (bad != null) {
      return Answer.badRequest(bad);
    }
    if (get(NETWORKS + networkId, NetworkCreated.class) == null) {
      return Answer.notFound("unknown network " + networkId);
    }
    DnsRecord r = get(DNS + AllocationKeys.dnsKey(networkId, name), DnsRecord.class);
    return r == null ? Answer.notFound("no DNS record " + name + " in " + networkId) : Answer.ok(AvroJson.of(r));
  }

  /** Every network's spec by id (for the metrics' pool gauges). */
  public Map<String, NetworkCreated> networks() {
    return section(NETWORKS, NetworkCreated.class, Function.identity());
  }

  /** Live (ALLOCATED) addresses per network. */
  public Map<String, Integer> liveCounts() {
    Map<String, Integer> n = new TreeMap<>();
    for (Allocation a : allocations().values()) {
      if (a.getState() == AllocationState.ALLOCATED) {
        n.merge(a.getNetworkId(), 1, Integer::sum);
      }
    }
    return n;
  }

  /** All allocations (containers' and hosts') by their allocations-topic key. */
  public Map<String, Allocation> allocations() {
    return section(ALLOCATIONS, Allocation.class, Function.identity());
  }

  private List<BlockAffinity> blocks(String networkId) {
    List<BlockAffinity> out = new ArrayList<>();
    section(BLOCKS + networkId + "/", BlockAffinity.class, Function.identity()).values().stream()
        .filter(b -> b.getNetworkId().equals(networkId)).forEach(out::add);
    return out;
  }

  private List<Allocation> liveIn(String networkId) {
    return allocations().values().stream()
        .filter(a -> a.getNetworkId().equals(networkId) && a.getState() == AllocationState.ALLOCATED).toList();
  }

  private <V extends SpecificRecord> V get(String key, Class<V> type) {
    return AvroBinary.decode(store.get().get(key), type);
  }

  private <V extends SpecificRecord> Map<String, V> section(String prefix, Class<V> type, Function<V, V> f) {
    Map<String, V> out = new TreeMap<>();
    try (KeyValueIterator<String, byte[]> it = store.get().prefixScan(prefix, new StringSerializer())) {
      it.forEachRemaining(kv -> out.put(kv.key.substring(kv.key.indexOf(SEP) + 1), f.apply(AvroBinary.decode(kv.value, type))));
    }
    return out;
  }

  static boolean isHost(Allocation a) {
    return a.getKind() == AllocationKind.HOST;
  }
}
