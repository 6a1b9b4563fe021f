package io.netledger.allocator.ipam;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.PortMapping;
import java.util.Map;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * The host ports published by live containers, per host: an index of the image's ALLOCATED
 * allocations (so it is rebuilt from them, never stored, and not part of the image's equality).
 *
 * <p>Two mappings on one host clash when protocol and host port are the same and their host
 * addresses overlap: equal, or either of them null (every address of the host).
 */
public final class PortIndex {
  public static final PortIndex EMPTY = new PortIndex(TreePMap.empty());
  private static final String ANY = "*";

  /** host \0 protocol \0 port(5 digits) \0 hostIp-or-* → containerId. */
  private final PSortedMap<String, String> holders;

  private PortIndex(PSortedMap<String, String> holders) {
    this.holders = holders;
  }

  /** The index of the live containers among {@code containers}. */
  static PortIndex of(Iterable<Allocation> containers) {
    PortIndex i = EMPTY;
    for (Allocation a : containers) {
      i = i.replace(null, a);
    }
    return i;
  }

  /** The index once a container's allocation {@code before} (null if none) becomes {@code after} (null if forgotten). */
  PortIndex replace(Allocation before, Allocation after) {
    PSortedMap<String, String> h = holders;
    if (live(before)) {
      for (PortMapping p : before.getPorts()) {
        h = h.minus(key(before.getHostId(), p, p.getHostIp()));
      }
    }
    if (live(after)) {
      for (PortMapping p : after.getPorts()) {
        h = h.plus(key(after.getHostId(), p, p.getHostIp()), after.getOwnerId());
      }
    }
    return h == holders ? this : new PortIndex(h);
  }

  /** The container already publishing a port that clashes with {@code p} on {@code hostId}; null when free. */
  public String holder(String hostId, PortMapping p) {
    String prefix = prefix(hostId, p);
    if (p.getHostIp() != null) {
      String exact = holders.get(prefix + p.getHostIp());
      String any = exact != null ? exact : holders.get(prefix + ANY);
      return any;
    }
    // Published on every address: any mapping of that port on the host clashes.
    Map.Entry<String, String> next = holders.ceilingEntry(prefix);
    return next != null && next.getKey().startsWith(prefix) ? next.getValue() : null;
  }

  /** Number of published ports on every host. */
  public int size() {
    return holders.size();
  }

  private static boolean live(Allocation a) {
    return a != null && a.getState() == AllocationState.ALLOCATED && !a.getPorts().isEmpty();
  }

  private static String prefix(String hostId, PortMapping p) {
    return hostId + '\0' + p.getProtocol() + '\0' + String.format("%05d", p.getHostPort()) + '\0';
  }

  private static String key(String hostId, PortMapping p, String hostIp) {
    return prefix(hostId, p) + (hostIp == null ? ANY : hostIp);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortIndex i && holders.equals(i.holders);
  }

  @Override
  public int hashCode() {
    return holders.hashCode();
  }

  @Override
  public String toString() {
    return "PortIndex" + holders;
  }
}
