package io.netledger.ui.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The last few inputs about one network or host, newest last, each with its coordinates; the
 * effective one is the newest that the allocator has not rejected. A removal is a version whose
 * value is null.
 *
 * <p>Why: the input topics hold what orchestrators asked for, not what was accepted. A conflicting
 * second NetworkCreated or a NetworkDeleted of a network in use is rejected by the allocator (the
 * one gatekeeper of facts), and the page must keep showing the network as it was. The rejection
 * arrives later than the input, so the view keeps a short history to fall back on. Bounded: older
 * versions than {@link #DEPTH} are forgotten (a rejection of one of those changes nothing).
 */
record Versions<V>(List<Version<V>> list) {
  static final int DEPTH = 4;

  record Version<V>(String coordinates, V value) {}

  static <V> Versions<V> of(String coordinates, V value) {
    return new Versions<V>(List.of()).plus(coordinates, value);
  }

  Versions<V> plus(String coordinates, V value) {
    List<Version<V>> next = new ArrayList<>(list);
    next.add(new Version<>(coordinates, value));
    while (next.size() > DEPTH) {
      next.remove(0);
    }
    return new Versions<>(List.copyOf(next));
  }

  /** Without the version at {@code coordinates}; this instance when none is. */
  Versions<V> without(String coordinates) {
    List<Version<V>> next = new ArrayList<>(list);
    return next.removeIf(v -> v.coordinates().equals(coordinates)) ? new Versions<>(List.copyOf(next)) : this;
  }

  boolean holds(String coordinates) {
    return list.stream().anyMatch(v -> v.coordinates().equals(coordinates));
  }

  /** The newest version's value; null when removed or when every version was rejected. */
  V effective() {
    return list.isEmpty() ? null : list.get(list.size() - 1).value();
  }
}
