package io.netledger.audit;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.DnsRecord;
import io.netledger.events.topic.Topics;
import io.netledger.mesh.state.Slices;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks the live views against each other, not against a replay: a view can equal its own replay
 * and still disagree with another view (the mesh once applied a NetworkDeleted the allocator had
 * refused, and each view still equalled its replay). Pure: in go the views as a reader of each
 * compacted topic holds them, out come the keys that point at something another view lacks.
 *
 * <ul>
 *   <li>every ALLOCATED container allocation has its endpoint slice on its host;
 *   <li>every host taking part in a network (an ALLOCATED HOST allocation) has the network's slice
 *       and a peer slice for every other host taking part;
 *   <li>every address of a DNS record is held by an ALLOCATED allocation of that network.
 * </ul>
 *
 * <pre>{@code
 * List<Difference> d = CrossCheck.check(allocations, dnsRecords, hostState);   // hostState may be null
 * }</pre>
 *
 * Each {@link Difference} names the key that dangles, with {@code note} saying what is missing
 * where.
 */
public final class CrossCheck {
  private CrossCheck() {}

  /**
   * @param allocations allocations.v1 by key
   * @param dns dns-records.v1 by key
   * @param hostState host-state.v1 by key, each value the slice's content; null skips the mesh checks
   */
  public static List<Difference> check(Map<String, SpecificRecord> allocations, Map<String, SpecificRecord> dns,
      Map<String, SpecificRecord> hostState) {
    List<Difference> out = new ArrayList<>();
    Map<String, Set<String>> heldByNetwork = new TreeMap<>();
    Map<String, Set<String>> hostsByNetwork = new TreeMap<>();
    for (Map.Entry<String, SpecificRecord> e : allocations.entrySet()) {
      if (!(e.getValue() instanceof Allocation a) || a.getState() != AllocationState.ALLOCATED) {
        continue;
      }
      if (a.getIp() != null) {
        heldByNetwork.computeIfAbsent(a.getNetworkId(), n -> new HashSet<>()).add(a.getIp());
      }
      if (a.getKind() == AllocationKind.HOST) {
        hostsByNetwork.computeIfAbsent(a.getNetworkId(), n -> new TreeSet<>()).add(a.getHostId());
      } else if (hostState != null && !hostState.containsKey(Slices.endpointKey(a.getHostId(), e.getKey()))) {
        out.add(inconsistent(Topics.ALLOCATIONS.name(), e.getKey(), a, "inconsistent: live in " + a.getNetworkId()
            + " with " + a.getIp() + " but host-state has no " + Slices.endpointKey(a.getHostId(), e.getKey())));
      }
    }
    if (hostState != null) {
      for (Map.Entry<String, Set<String>> n : hostsByNetwork.entrySet()) {
        for (String h : n.getValue()) {
          String net = Slices.networkKey(h, n.getKey());
          if (!hostState.containsKey(net)) {
            out.add(inconsistent(Topics.HOST_STATE.name(), net, null, "inconsistent: host " + h
                + " takes part in " + n.getKey() + " (allocations.v1 host/" + h + "/" + n.getKey()
                + ") but has no network slice"));
          }
          for (String p : n.getValue()) {
            String peer = Slices.peerKey(h, n.getKey(), p);
            if (!p.equals(h) && !hostState.containsKey(peer)) {
              out.add(inconsistent(Topics.HOST_STATE.name(), peer, null, "inconsistent: hosts " + h + " and " + p
                  + " both take part in " + n.getKey() + " but " + h + " has no peer slice for " + p));
            }
          }
        }
      }
    }
    for (Map.Entry<String, SpecificRecord> e : dns.entrySet()) {
      if (!(e.getValue() instanceof DnsRecord r)) {
        continue;
      }
      Set<String> held = heldByNetwork.getOrDefault(r.getNetworkId(), Set.of());
      for (String ip : r.getAddresses()) {
        if (!held.contains(ip)) {
          out.add(inconsistent(Topics.DNS_RECORDS.name(), e.getKey(), r, "inconsistent: " + r.getFqdn() + " -> " + ip
              + ", which no live allocation of " + r.getNetworkId() + " holds"));
        }
      }
    }
    return out;
  }

  private static Difference inconsistent(String topic, String key, SpecificRecord found, String note) {
    return new Difference(topic, key, null, found, note);
  }
}
