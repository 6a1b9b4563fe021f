package io.netledger.agent.calc;

import io.netledger.avro.HostStateSlice;
import java.util.HashMap;
import java.util.Map;

/**
 * Changes to a {@link HostStateImage}, one record at a time (Kafka's {@code TopicsDelta} shape):
 * {@link #replay} a record of {@code netledger.host-state.v1}, then {@link #apply} for the next
 * image. A null value is a tombstone and removes the slice.
 */
public final class HostStateDelta {
  private final HostStateImage base;
  private final Map<String, HostStateSlice> changed = new HashMap<>(); // null value = removed
  private long generation;

  public HostStateDelta(HostStateImage base) {
    this.base = base;
    this.generation = base.generation();
  }

  public HostStateDelta replay(String key, HostStateSlice value) {
    changed.put(key, value);
    if (value != null) {
      generation = Math.max(generation, value.getGeneration());
    }
    return this;
  }

  public boolean isEmpty() {
    return changed.isEmpty();
  }

  public HostStateImage apply() {
    Map<String, HostStateSlice> next = new HashMap<>(base.slices());
    changed.forEach((k, v) -> {
      if (v == null) {
        next.remove(k);
      } else {
        next.put(k, v);
      }
    });
    return new HostStateImage(next, generation);
  }
}
