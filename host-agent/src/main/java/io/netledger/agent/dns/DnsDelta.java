package io.netledger.agent.dns;

import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.events.net.Ipv4;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to a {@link DnsView}: replay records in log order, then {@link #apply()} once per batch.
 *
 * <p>Replay validates before it records, so a record it rejects (IllegalArgumentException naming
 * the key and the problem) leaves the delta as it was; the caller reports it with its offset.
 * Only the networks a batch touched are rebuilt on apply.
 *
 * <pre>{@code
 * DnsDelta delta = new DnsDelta(view);
 * delta.replayDnsRecord("managed/hubot.rocket-chat.rancher.internal", record);  // null = tombstone
 * delta.replayHostState("h1/endpoint/c-42", slice);
 * view = delta.apply();
 * }</pre>
 */
public final class DnsDelta {
  static final String ENDPOINT = "endpoint";
  static final String NETWORK = "network";

  private final DnsView image;
  // networkId -> fqdn -> new record set, or empty to remove the name
  private final Map<String, Map<String, Optional<ARecordSet>>> recordChanges = new LinkedHashMap<>();
  private final Map<String, Optional<LocalEndpoint>> endpointChanges = new LinkedHashMap<>();
  private final Map<String, Optional<NetworkOnHost>> networkChanges = new LinkedHashMap<>();

  public DnsDelta(DnsView image) {
    this.image = image;
  }

  /**
   * One record of {@code netledger.dns-records.v1}.
   *
   * @param key {@code <networkId>/<fqdn>}
   * @param value the record set, or null for a tombstone (the name is gone)
   */
  public void replayDnsRecord(String key, DnsRecord value) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      throw new IllegalArgumentException("dns-records key '" + key + "' is not <networkId>/<fqdn>");
    }
    String networkId = key.substring(0, slash);
    String fqdn = DnsNames.normalize(key.substring(slash + 1));
    Optional<ARecordSet> set = Optional.empty();
    if (value != null) {
      if (!value.getNetworkId().equals(networkId) || !DnsNames.normalize(value.getFqdn()).equals(fqdn)) {
        throw new IllegalArgumentException("dns-records key '" + key + "' does not match its value ("
            + value.getNetworkId() + "/" + value.getFqdn() + ")");
      }
      List<Ipv4> addresses;
      try {
        addresses = value.getAddresses().stream().map(Ipv4::parse).sorted().toList();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("dns-records key '" + key + "': " + e.getMessage(), e);
      }
      // A name without live addresses answers like a missing name (clients would get an
      // empty NOERROR and stop searching otherwise).
      if (!addresses.isEmpty()) {
        set = Optional.of(new ARecordSet(networkId, fqdn, addresses, value.getTtlSeconds()));
      }
    }
    recordChanges.computeIfAbsent(networkId, n -> new LinkedHashMap<>()).put(fqdn, set);
  }

  /**
   * One record of {@code netledger.host-state.v1}. Slices of other hosts (they share the
   * partition) and kinds the DNS has no use for (peers) are ignored.
   *
   * @param key {@code <hostId>/<kind>/<id>}
   * @param value the slice, or null for a tombstone
   */
  public void replayHostState(String key, HostStateSlice value) {
    String[] parts = key == null ? new String[0] : key.split("/", 3);
    if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("host-state key '" + key + "' is not <hostId>/<kind>/<id>");
    }
    if (!parts[0].equals(image.hostId())) {
      return;
    }
    String kind = parts[1];
    String id = parts[2];
    if (value == null) {
      if (kind.equals(ENDPOINT)) {
        endpointChanges.put(id, Optional.empty());
      } else if (kind.equals(NETWORK)) {
        networkChanges.put(id, Optional.empty());
      }
      return;
    }
    Object slice = value.getSlice();
    if (slice instanceof LocalEndpoint e) {
      requireId(key, id, e.getContainerId());
      if (!Ipv4.isValid(e.getIp())) {
        throw new IllegalArgumentException("host-state key '" + key + "': ip '" + e.getIp() + "' is not IPv4");
      }
      endpointChanges.put(id, Optional.of(e));
    } else if (slice instanceof NetworkOnHost n) {
      requireId(key, id, n.getNetworkId());
      DnsNames.normalize(n.getDnsDomain()); // rejects an empty domain here, not at query time
      networkChanges.put(id, Optional.of(n));
    }
  }

  private static void requireId(String key, String id, String inValue) {
    if (!id.equals(inValue)) {
      throw new IllegalArgumentException("host-state key '" + key + "' does not match its value id '" + inValue + "'");
    }
  }

  /** True when nothing was replayed that would change the view. */
  public boolean isEmpty() {
    return recordChanges.isEmpty() && endpointChanges.isEmpty() && networkChanges.isEmpty();
  }

  /** The next view; the image this delta started from is unchanged. */
  public DnsView apply() {
    if (isEmpty()) {
      return image;
    }
    Map<String, NetworkNames> names = new HashMap<>(image.names());
    recordChanges.forEach((networkId, changes) -> {
      Map<String, ARecordSet> records = new HashMap<>(image.namesOf(networkId).all());
      changes.forEach((fqdn, set) -> {
        if (set.isPresent()) {
          records.put(fqdn, set.get());
        } else {
          records.remove(fqdn);
        }
      });
      if (records.isEmpty()) {
        names.remove(networkId);
      } else {
        names.put(networkId, new NetworkNames(records));
      }
    });
    return new DnsView(image.hostId(), image.generation() + 1, names,
        merged(image.endpoints(), endpointChanges), merged(image.networks(), networkChanges));
  }

  private static <V> Map<String, V> merged(Map<String, V> base, Map<String, Optional<V>> changes) {
    if (changes.isEmpty()) {
      return base;
    }
    Map<String, V> out = new HashMap<>(base);
    changes.forEach((k, v) -> {
      if (v.isPresent()) {
        out.put(k, v.get());
      } else {
        out.remove(k);
      }
    });
    return out;
  }
}
