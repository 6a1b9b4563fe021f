package io.netledger.agent.calc;

import io.netledger.avro.HostStateSlice;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The host-state slices an agent has read, by record key ({@code H/network/n1}, ...). Immutable;
 * change it through {@link HostStateDelta}.
 */
public final class HostStateImage {
  public static final HostStateImage EMPTY = new HostStateImage(Map.of(), -1);

  private final Map<String, HostStateSlice> slices;
  private final long generation;

  HostStateImage(Map<String, HostStateSlice> slices, long generation) {
    this.slices = Collections.unmodifiableMap(new HashMap<>(slices));
    this.generation = generation;
  }

  public Map<String, HostStateSlice> slices() {
    return slices;
  }

  /** Highest generation seen (-1 before any slice): what agent-status reports as applied. */
  public long generation() {
    return generation;
  }

  public HostStateDelta delta() {
    return new HostStateDelta(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostStateImage i && i.slices.equals(slices) && i.generation == generation;
  }

  @Override
  public int hashCode() {
    return slices.hashCode();
  }
}
