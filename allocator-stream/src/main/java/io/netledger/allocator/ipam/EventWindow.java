package io.netledger.allocator.ipam;

import io.netledger.allocator.state.SeenEventRecord;
import io.netledger.avro.InputCoordinates;
import java.util.List;
import java.util.Objects;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * The eventIds of the last inputs the allocator decided, each with the coordinates of the first
 * input that carried it: part of the {@link AllocatorImage}, so the Streams processor, a restore
 * from the store and {@code audit} replay all refuse the same repeats. Immutable.
 *
 * <p>Bounded: at most {@link AllocatorConfig#eventWindow()} ids; adding one more evicts the
 * oldest, oldest by {@code order} (decision order, not wall time), so a replay of the same log
 * evicts the same ids and makes the same decisions. A repeat older than the window is decided
 * again as an ordinary input (a start then finds its allocation in force: DUPLICATE, the same
 * address).
 *
 * <pre>{@code
 * InputCoordinates first = image.events().first("ev-17");   // null when not in the window
 * }</pre>
 */
public final class EventWindow {
  public static final EventWindow EMPTY = new EventWindow(TreePMap.empty(), TreePMap.empty());

  /** Where an eventId was first seen, and its place in the window. */
  public record Seen(long order, String topic, int partition, long offset) {
    InputCoordinates coordinates(String eventId) {
      return new InputCoordinates(topic, partition, offset, eventId);
    }

    SeenEventRecord toRecord() {
      return new SeenEventRecord(order, topic, partition, offset);
    }

    static Seen fromRecord(SeenEventRecord r) {
      return new Seen(r.getOrder(), r.getTopic(), r.getPartition(), r.getOffset());
    }
  }

  private final PSortedMap<String, Seen> byId;
  /** eventId by order: an index of {@link #byId}. */
  private final PSortedMap<Long, String> byOrder;

  private EventWindow(PSortedMap<String, Seen> byId, PSortedMap<Long, String> byOrder) {
    this.byId = byId;
    this.byOrder = byOrder;
  }

  /** The window these entries describe (as restored from the store: eventId → where first seen). */
  static EventWindow of(Iterable<java.util.Map.Entry<String, Seen>> entries) {
    PSortedMap<String, Seen> ids = TreePMap.empty();
    PSortedMap<Long, String> order = TreePMap.empty();
    for (var e : entries) {
      ids = ids.plus(e.getKey(), e.getValue());
      order = order.plus(e.getValue().order(), e.getKey());
    }
    return new EventWindow(ids, order);
  }

  /** The coordinates of the first input carrying {@code eventId}, or null when it is not in the window. */
  public InputCoordinates first(String eventId) {
    Seen s = eventId == null ? null : byId.get(eventId);
    return s == null ? null : s.coordinates(eventId);
  }

  /** Every id in the window, by eventId. */
  public PSortedMap<String, Seen> entries() {
    return byId;
  }

  public int size() {
    return byId.size();
  }

  /**
   * This window with {@code cause}'s eventId added (newest), then the oldest evicted until at
   * most {@code limit} remain; each change is appended to {@code out} as a state-section record
   * (a tombstone for an evicted id). A cause without an eventId, or one already present, changes
   * nothing.
   */
  EventWindow plus(InputCoordinates cause, int limit, List<OutputRecord> out) {
    String id = cause.getEventId();
    if (id == null || byId.containsKey(id) || limit <= 0) {
      return this;
    }
    long next = byOrder.isEmpty() ? 0 : byOrder.lastKey() + 1;
    Seen s = new Seen(next, cause.getTopic(), cause.getPartition(), cause.getOffset());
    PSortedMap<String, Seen> ids = byId.plus(id, s);
    PSortedMap<Long, String> order = byOrder.plus(next, id);
    out.add(new OutputRecord(StateSections.EVENT_IDS, id, s.toRecord()));
    while (ids.size() > limit) {
      String oldest = order.get(order.firstKey());
      order = order.minus(order.firstKey());
      ids = ids.minus(oldest);
      out.add(new OutputRecord(StateSections.EVENT_IDS, oldest, null));
    }
    return new EventWindow(ids, order);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventWindow w && byId.equals(w.byId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(byId);
  }

  @Override
  public String toString() {
    return "EventWindow[" + byId.size() + " ids]";
  }
}
