package io.netledger.events.publish;

import io.netledger.avro.AcceptedFact;
import io.netledger.avro.Allocation;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure half of {@link DecisionWatch}: it is fed the accepted facts, allocations and
 * rejections read after a watch was positioned and finds the decision on an input by its
 * coordinates (topic, partition, offset), which both the fact and the rejection carry. No I/O,
 * no clock of its own: the caller passes the time, so it is unit-tested without Kafka.
 *
 * <p>An accepted fact and the allocations it causes are written in one transaction but sit on
 * different topics, so one poll may return the fact before the allocation. An accepted decision
 * is therefore final once an allocation with the same cause arrived, or {@code settleMillis}
 * after the fact (inputs such as a NetworkCreated allocate nothing). A rejection is final at once.
 * Bounded: the oldest of more than {@code keep} unclaimed entries are forgotten.
 */
public final class DecisionBook {
  private final int keep;
  private final long settleMillis;
  private final Map<String, Rejection> rejected = bounded();
  private final Map<String, Pending> accepted = bounded();

  private record Pending(AcceptedFact fact, List<Allocation> allocations, long seenAtMillis) {}

  public DecisionBook(int keep, long settleMillis) {
    this.keep = keep;
    this.settleMillis = settleMillis;
  }

  private <V> Map<String, V> bounded() {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > keep;
      }
    };
  }

  /** The key of an input: its topic, partition and offset (the eventId is not part of it). */
  public static String key(String topic, int partition, long offset) {
    return topic + "/" + partition + "@" + offset;
  }

  static String key(InputCoordinates c) {
    return key(c.getTopic(), c.getPartition(), c.getOffset());
  }

  public synchronized void accepted(AcceptedFact fact, long nowMillis) {
    Pending before = accepted.get(key(fact.getInput()));
    accepted.put(key(fact.getInput()), new Pending(fact,
        before == null ? new ArrayList<>() : before.allocations(), nowMillis));
  }

  /** An allocation; it counts towards the accepted decision of its cause. */
  public synchronized void allocation(Allocation a, long nowMillis) {
    String k = key(a.getCause());
    Pending p = accepted.get(k);
    if (p == null) {
      // The allocation came first: remember it under a fact not yet seen.
      p = new Pending(null, new ArrayList<>(), nowMillis);
      accepted.put(k, p);
    }
    p.allocations().add(a);
  }

  public synchronized void rejected(Rejection r) {
    rejected.put(key(r.getInput()), r);
  }

  /** The final decision on the input at {@code at}, if there is one yet. */
  public synchronized Optional<Decision> decision(Published at, long nowMillis) {
    String k = key(at.topic(), at.partition(), at.offset());
    Rejection r = rejected.get(k);
    if (r != null) {
      return Optional.of(new Decision.Refused(at, r));
    }
    Pending p = accepted.get(k);
    if (p == null || p.fact() == null) {
      return Optional.empty();
    }
    if (!p.allocations().isEmpty() || nowMillis - p.seenAtMillis() >= settleMillis) {
      return Optional.of(new Decision.Accepted(at, p.fact(), p.allocations()));
    }
    return Optional.empty();
  }

  /** How many inputs have something recorded (for tests of the bound). */
  synchronized int size() {
    Map<String, Boolean> all = new HashMap<>();
    rejected.keySet().forEach(k -> all.put(k, true));
    accepted.keySet().forEach(k -> all.put(k, true));
    return all.size();
  }
}
