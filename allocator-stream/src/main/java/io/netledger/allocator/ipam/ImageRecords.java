package io.netledger.allocator.ipam;

import io.netledger.allocator.dns.DnsZone;
import io.netledger.allocator.state.NetworkLedger;
import io.netledger.allocator.state.QuarantinedAddress;
import io.netledger.allocator.state.SeenEventRecord;
import io.netledger.allocator.state.WaitingStartRecord;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import io.netledger.events.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * An image as records and back, as Kafka's {@code TopicsImage} writes itself as metadata records:
 * the three view topics (ipam-blocks, allocations, dns-records) plus the {@link StateSections}.
 * {@link #restore} reads records as a compacted log does (the last value per key wins, a null
 * value forgets the key), so {@code restore(render(image)) == image} and
 * {@code restore(render(image) + delta.changes()) == delta.apply()}; the Streams processor keeps
 * exactly these records in its store and restores the image from them on start.
 */
public final class ImageRecords {
  private ImageRecords() {}

  /** Every record of the image, in a fixed order (hosts, per network, containers, waiting starts,
   * eventIds). */
  public static List<OutputRecord> render(AllocatorImage image) {
    List<OutputRecord> out = new ArrayList<>();
    image.hosts().forEach((id, h) -> out.add(Outputs.host(id, h)));
    for (NetworkState n : image.networks().values()) {
      out.add(Outputs.network(n.id(), n.spec()));
      out.add(Outputs.ledger(n));
      n.blocks().forEach((base, a) -> out.add(Outputs.block(n, base, a)));
      n.hostAddresses().forEach((h, a) -> out.add(Outputs.allocation(AllocationKeys.hostKey(h, n.id()), a)));
      n.dns().records().forEach((fqdn, r) -> out.add(Outputs.dns(n.id(), fqdn, r)));
    }
    image.containers().forEach((id, a) -> out.add(Outputs.allocation(id, a)));
    image.waiting().forEach((id, w) -> out.add(Outputs.waiting(id, w)));
    image.events().entries().forEach((id, seen) -> out.add(new OutputRecord(StateSections.EVENT_IDS, id, seen.toRecord())));
    return out;
  }

  /** The image these records describe (rejections are ignored: they are not state). */
  public static AllocatorImage restore(Iterable<OutputRecord> records) {
    Map<String, Map<String, Object>> latest = new TreeMap<>();
    for (OutputRecord r : records) {
      if (r.topic().equals(Topics.REJECTED.name())) {
        continue;
      }
      Map<String, Object> section = latest.computeIfAbsent(r.topic(), k -> new TreeMap<>());
      if (r.value() == null) {
        section.remove(r.key());
      } else {
        section.put(r.key(), r.value());
      }
    }
    PSortedMap<String, HostRegistered> hosts = TreePMap.empty();
    for (Object h : section(latest, StateSections.HOSTS).values()) {
      HostRegistered hr = (HostRegistered) h;
      hosts = hosts.plus(hr.getHostId(), hr);
    }
    Map<String, NetworkState> nets = new TreeMap<>();
    for (Object o : section(latest, StateSections.NETWORKS).values()) {
      NetworkCreated spec = (NetworkCreated) o;
      nets.put(spec.getNetworkId(), NetworkState.create(spec));
    }
    for (Object o : section(latest, StateSections.LEDGERS).values()) {
      NetworkLedger l = (NetworkLedger) o;
      NetworkState n = nets.get(l.getNetworkId());
      if (n == null) {
        continue;
      }
      Quarantine q = Quarantine.EMPTY;
      for (QuarantinedAddress a : l.getQuarantine()) {
        q = q.plus(Ipv4.parse(a.getIp()).value(), a.getReleasedAt());
      }
      nets.put(n.id(), n.withCounters(l.getSequence(), l.getAllocationCount()).withQuarantine(q));
    }
    for (Object o : section(latest, Topics.IPAM_BLOCKS.name()).values()) {
      BlockAffinity b = (BlockAffinity) o;
      nets.computeIfPresent(b.getNetworkId(),
          (id, n) -> n.withBlock(Cidr.parse(b.getCidr()).first().value(), b));
    }
    PSortedMap<String, Allocation> containers = TreePMap.empty();
    for (Map.Entry<String, Object> e : section(latest, Topics.ALLOCATIONS.name()).entrySet()) {
      String key = e.getKey();
      Allocation a = (Allocation) e.getValue();
      boolean hostAddress = key.startsWith(AllocationKeys.HOST_PREFIX);
      if (!hostAddress) {
        containers = containers.plus(key, a);
      }
      if (a.getState() != AllocationState.ALLOCATED) {
        continue;
      }
      long ip = Ipv4.parse(a.getIp()).value();
      nets.computeIfPresent(a.getNetworkId(), (id, n) -> hostAddress
          ? n.withHolder(ip, key).withHostAddress(a.getHostId(), a)
          : n.withHolder(ip, key).withLive(a.getHostId(), n.liveContainers(a.getHostId()) + 1));
    }
    Map<String, List<DnsRecord>> zones = new TreeMap<>();
    for (Object o : section(latest, Topics.DNS_RECORDS.name()).values()) {
      DnsRecord r = (DnsRecord) o;
      zones.computeIfAbsent(r.getNetworkId(), k -> new ArrayList<>()).add(r);
    }
    zones.forEach((id, recs) -> nets.computeIfPresent(id, (k, n) -> n.withDns(DnsZone.of(recs))));
    PSortedMap<String, NetworkState> networks = TreePMap.empty();
    for (NetworkState n : nets.values()) {
      networks = networks.plus(n.id(), n);
    }
    PSortedMap<String, WaitingStart> waiting = TreePMap.empty();
    PSortedMap<Long, String> waitingOrder = TreePMap.empty();
    for (Map.Entry<String, Object> e : section(latest, StateSections.WAITING).entrySet()) {
      WaitingStart w = WaitingStart.fromRecord((WaitingStartRecord) e.getValue());
      waiting = waiting.plus(e.getKey(), w);
      waitingOrder = waitingOrder.plus(w.order(), e.getKey());
    }
    List<Map.Entry<String, EventWindow.Seen>> seen = new ArrayList<>();
    for (Map.Entry<String, Object> e : section(latest, StateSections.EVENT_IDS).entrySet()) {
      seen.add(Map.entry(e.getKey(), EventWindow.Seen.fromRecord((SeenEventRecord) e.getValue())));
    }
    return new AllocatorImage(networks, hosts, containers, waiting, waitingOrder, EventWindow.of(seen));
  }

  private static Map<String, Object> section(Map<String, Map<String, Object>> latest, String name) {
    return latest.getOrDefault(name, Map.of());
  }
}
