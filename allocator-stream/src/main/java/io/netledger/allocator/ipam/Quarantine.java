package io.netledger.allocator.ipam;

import java.util.Map;
import java.util.Objects;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * Released addresses of one network that may not be handed out yet: immutable. An address
 * released when the network had handed out {@code n} addresses is free again once it has handed
 * out {@code n + Q} (Q from {@link AllocatorConfig}); counting allocations rather than time keeps
 * replay deterministic.
 */
public final class Quarantine {
  public static final Quarantine EMPTY = new Quarantine(TreePMap.empty(), TreePMap.empty());

  private final PSortedMap<Long, Long> releasedAtByIp;
  // The same entries by (releasedAt, ip): expiry removes from the front, in release order.
  private final PSortedMap<Long, Long> ipByOrder;

  private Quarantine(PSortedMap<Long, Long> releasedAtByIp, PSortedMap<Long, Long> ipByOrder) {
    this.releasedAtByIp = releasedAtByIp;
    this.ipByOrder = ipByOrder;
  }

  private static long order(long releasedAt, long ip) {
    return (releasedAt << 32) | ip;
  }

  public Quarantine plus(long ip, long releasedAt) {
    Quarantine q = minus(ip);
    return new Quarantine(q.releasedAtByIp.plus(ip, releasedAt), q.ipByOrder.plus(order(releasedAt, ip), ip));
  }

  public Quarantine minus(long ip) {
    Long at = releasedAtByIp.get(ip);
    if (at == null) {
      return this;
    }
    return new Quarantine(releasedAtByIp.minus(ip), ipByOrder.minus(order(at, ip)));
  }

  /** True while {@code ip} may not be handed out, with {@code count} addresses handed out so far. */
  public boolean holds(long ip, long count, int q) {
    Long at = releasedAtByIp.get(ip);
    return at != null && count - at < q;
  }

  /** Forgets the entries whose quarantine has passed, so the state does not grow with history. */
  public Quarantine expire(long count, int q) {
    long limit = count - q; // entries released at or before this are free
    if (ipByOrder.isEmpty() || (ipByOrder.firstKey() >>> 32) > limit) {
      return this;
    }
    Quarantine out = this;
    for (Map.Entry<Long, Long> e : ipByOrder.entrySet()) {
      if ((e.getKey() >>> 32) > limit) {
        break;
      }
      out = out.minus(e.getValue());
    }
    return out;
  }

  /** (ip, releasedAt) in release order. */
  public Iterable<Map.Entry<Long, Long>> entries() {
    return () -> ipByOrder.entrySet().stream()
        .map(e -> Map.entry(e.getValue(), e.getKey() >>> 32)).iterator();
  }

  public int size() {
    return releasedAtByIp.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quarantine q && releasedAtByIp.equals(q.releasedAtByIp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(releasedAtByIp);
  }
}
