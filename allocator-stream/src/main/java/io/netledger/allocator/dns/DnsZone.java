package io.netledger.allocator.dns;

import io.netledger.avro.DnsRecord;
import io.netledger.avro.InputCoordinates;
import io.netledger.events.net.Ipv4;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The A records of one network: immutable; {@link #add} and {@link #remove} return the next zone
 * and the records they changed (a null value is a tombstone: the name's last address went).
 *
 * <pre>{@code
 * DnsZone.Update u = DnsZone.EMPTY.add("managed", Ipv4.parse("10.42.0.2").value(),
 *     DnsNames.of("rc-1", "rocketchat", "rocket-chat", List.of(), "rancher.internal"), 600, at, cause);
 * u.changes();   // {rc-1.rancher.internal=..., rocketchat.rocket-chat.rancher.internal=...}
 * }</pre>
 */
public final class DnsZone {
  public static final DnsZone EMPTY = new DnsZone(TreePMap.empty(), TreePMap.empty());

  /**
   * One name: its addresses by number (ordered as numbers, not as strings; the text kept so a
   * name with many addresses is not re-formatted on every change) and the record last written.
   */
  private record Name(PSortedMap<Long, String> ips, DnsRecord record) {}

  private final PSortedMap<String, Name> names;
  // Which names each address is in: a release must find its names without the container's
  // aliases (the Allocation does not carry them), and this index is rebuilt from the records.
  private final PSortedMap<Long, PSortedSet<String>> namesByIp;

  private DnsZone(PSortedMap<String, Name> names, PSortedMap<Long, PSortedSet<String>> namesByIp) {
    this.names = names;
    this.namesByIp = namesByIp;
  }

  /** The next zone and the records that changed, by fqdn (null value: tombstone). */
  public record Update(DnsZone zone, Map<String, DnsRecord> changes) {}

  /** Adds {@code ip} to every name in {@code fqdns}. */
  public Update add(String networkId, long ip, Collection<String> fqdns, int ttlSeconds, Instant at,
      InputCoordinates cause) {
    PSortedMap<String, Name> next = names;
    PSortedSet<String> mine = namesByIp.getOrDefault(ip, TreePSet.empty());
    Map<String, DnsRecord> changes = new TreeMap<>();
    for (String fqdn : fqdns) {
      Name old = next.get(fqdn);
      PSortedMap<Long, String> ips = old == null ? TreePMap.empty() : old.ips();
      if (ips.containsKey(ip)) {
        continue;
      }
      ips = ips.plus(ip, new Ipv4(ip).toString());
      DnsRecord rec = record(networkId, fqdn, ips, ttlSeconds, at, cause);
      next = next.plus(fqdn, new Name(ips, rec));
      changes.put(fqdn, rec);
      mine = mine.plus(fqdn);
    }
    return new Update(new DnsZone(next, mine.isEmpty() ? namesByIp : namesByIp.plus(ip, mine)), changes);
  }

  /** Removes {@code ip} from every name it is in. */
  public Update remove(String networkId, long ip, int ttlSeconds, Instant at, InputCoordinates cause) {
    PSortedSet<String> mine = namesByIp.get(ip);
    if (mine == null) {
      return new Update(this, Map.of());
    }
    PSortedMap<String, Name> next = names;
    Map<String, DnsRecord> changes = new TreeMap<>();
    for (String fqdn : mine) {
      PSortedMap<Long, String> ips = next.get(fqdn).ips().minus(ip);
      if (ips.isEmpty()) {
        next = next.minus(fqdn);
        changes.put(fqdn, null);
      } else {
        DnsRecord rec = record(networkId, fqdn, ips, ttlSeconds, at, cause);
        next = next.plus(fqdn, new Name(ips, rec));
        changes.put(fqdn, rec);
      }
    }
    return new Update(new DnsZone(next, namesByIp.minus(ip)), changes);
  }

  /** The zone holding exactly these records (e.g. read back from the dns-records topic). */
  public static DnsZone of(Collection<DnsRecord> recs) {
    PSortedMap<String, Name> n = TreePMap.empty();
    PSortedMap<Long, PSortedSet<String>> idx = TreePMap.empty();
    for (DnsRecord rec : recs) {
      PSortedMap<Long, String> ips = TreePMap.empty();
      for (String a : rec.getAddresses()) {
        long ip = Ipv4.parse(a).value();
        ips = ips.plus(ip, a);
        idx = idx.plus(ip, idx.getOrDefault(ip, TreePSet.empty()).plus(rec.getFqdn()));
      }
      n = n.plus(rec.getFqdn(), new Name(ips, rec));
    }
    return new DnsZone(n, idx);
  }

  /** Every record, by fqdn ascending. */
  public SortedMap<String, DnsRecord> records() {
    SortedMap<String, DnsRecord> out = new TreeMap<>();
    names.forEach((fqdn, n) -> out.put(fqdn, n.record()));
    return Collections.unmodifiableSortedMap(out);
  }

  public int size() {
    return names.size();
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }

  private static DnsRecord record(String networkId, String fqdn, PSortedMap<Long, String> ips, int ttl, Instant at,
      InputCoordinates cause) {
    return new DnsRecord(networkId, fqdn, new ArrayList<>(ips.values()), ttl, at, cause);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DnsZone z && names.equals(z.names) && namesByIp.equals(z.namesByIp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(names, namesByIp);
  }
}
