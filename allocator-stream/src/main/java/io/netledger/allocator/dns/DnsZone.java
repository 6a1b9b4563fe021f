package io.netledger.allocator.dns;

import io.netledger.avro.DnsRecord;
import io.netledger.avro.InputCoordinates;
import io.netledger.events.net.Ipv4;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  private final PSortedMap<String, DnsRecord> records;
  // Which names each address is in: a release must find its names without the container's
  // aliases (the Allocation does not carry them), and this index is rebuilt from the records.
  private final PSortedMap<Long, PSortedSet<String>> namesByIp;

  private DnsZone(PSortedMap<String, DnsRecord> records, PSortedMap<Long, PSortedSet<String>> namesByIp) {
    this.records = records;
    this.namesByIp = namesByIp;
  }

  /** The next zone and the records that changed, by fqdn (null value: tombstone). */
  public record Update(DnsZone zone, Map<String, DnsRecord> changes) {}

  /** Adds {@code ip} to every name in {@code fqdns}. */
  public Update add(String networkId, long ip, Collection<String> fqdns, int ttlSeconds, Instant at,
      InputCoordinates cause) {
    PSortedMap<String, DnsRecord> recs = records;
    PSortedSet<String> mine = namesByIp.getOrDefault(ip, TreePSet.empty());
    Map<String, DnsRecord> changes = new TreeMap<>();
    for (String fqdn : fqdns) {
      DnsRecord old = recs.get(fqdn);
      List<Long> addrs = old == null ? new ArrayList<>() : parse(old.getAddresses());
      if (addrs.contains(ip)) {
        continue;
      }
      addrs.add(ip);
      DnsRecord rec = record(networkId, fqdn, addrs, ttlSeconds, at, cause);
      recs = recs.plus(fqdn, rec);
      changes.put(fqdn, rec);
      mine = mine.plus(fqdn);
    }
    return new Update(new DnsZone(recs, mine.isEmpty() ? namesByIp : namesByIp.plus(ip, mine)), changes);
  }

  /** Removes {@code ip} from every name it is in. */
  public Update remove(String networkId, long ip, int ttlSeconds, Instant at, InputCoordinates cause) {
    PSortedSet<String> mine = namesByIp.get(ip);
    if (mine == null) {
      return new Update(this, Map.of());
    }
    PSortedMap<String, DnsRecord> recs = records;
    Map<String, DnsRecord> changes = new TreeMap<>();
    for (String fqdn : mine) {
      DnsRecord old = recs.get(fqdn);
      List<Long> addrs = parse(old.getAddresses());
      addrs.remove(ip);
      if (addrs.isEmpty()) {
        recs = recs.minus(fqdn);
        changes.put(fqdn, null);
      } else {
        DnsRecord rec = record(networkId, fqdn, addrs, ttlSeconds, at, cause);
        recs = recs.plus(fqdn, rec);
        changes.put(fqdn, rec);
      }
    }
    return new Update(new DnsZone(recs, namesByIp.minus(ip)), changes);
  }

  /** The zone holding exactly these records (e.g. read back from the dns-records topic). */
  public static DnsZone of(Collection<DnsRecord> recs) {
    DnsZone z = EMPTY;
    PSortedMap<String, DnsRecord> r = TreePMap.empty();
    PSortedMap<Long, PSortedSet<String>> idx = TreePMap.empty();
    for (DnsRecord rec : recs) {
      r = r.plus(rec.getFqdn(), rec);
      for (long ip : parse(rec.getAddresses())) {
        idx = idx.plus(ip, idx.getOrDefault(ip, TreePSet.empty()).plus(rec.getFqdn()));
      }
    }
    return r.isEmpty() ? z : new DnsZone(r, idx);
  }

  /** Every record, by fqdn ascending. */
  public PSortedMap<String, DnsRecord> records() {
    return records;
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }

  private static DnsRecord record(String networkId, String fqdn, List<Long> addrs, int ttl, Instant at,
      InputCoordinates cause) {
    List<String> sorted = addrs.stream().sorted().map(v -> new Ipv4(v).toString()).toList();
    return new DnsRecord(networkId, fqdn, new ArrayList<>(sorted), ttl, at, cause);
  }

  private static List<Long> parse(List<String> addrs) {
    List<Long> out = new ArrayList<>(addrs.size());
    for (String a : addrs) {
      out.add(Ipv4.parse(a).value());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DnsZone z && records.equals(z.records) && namesByIp.equals(z.namesByIp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(records, namesByIp);
  }
}
