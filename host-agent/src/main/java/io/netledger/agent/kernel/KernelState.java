package io.netledger.agent.kernel;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The objects of one namespace as read back from the kernel (or as desired), indexed by
 * {@link KernelObject#key()} per object type. Immutable.
 */
public final class KernelState {
  public static final KernelState EMPTY = new KernelState(List.of());

  private final Map<Class<? extends KernelObject>, Map<Object, KernelObject>> byType;

  public KernelState(Collection<? extends KernelObject> objects) {
    Map<Class<? extends KernelObject>, Map<Object, KernelObject>> m = new LinkedHashMap<>();
    for (KernelObject o : objects) {
      m.computeIfAbsent(o.getClass(), c -> new LinkedHashMap<>()).putIfAbsent(o.key(), o);
    }
    m.replaceAll((k, v) -> java.util.Collections.unmodifiableMap(v));
    this.byType = java.util.Collections.unmodifiableMap(m);
  }

  /** Objects of {@code type} by key (unmodifiable, possibly empty). */
  @SuppressWarnings("unchecked")
  public <T extends KernelObject> Map<Object, T> of(Class<T> type) {
    return (Map<Object, T>) (Map<Object, ?>) byType.getOrDefault(type, Map.of());
  }

  public <T extends KernelObject> T get(Class<T> type, Object key) {
    return of(type).get(key);
  }

  public List<KernelObject> all() {
    return byType.values().stream().flatMap(m -> m.values().stream()).collect(Collectors.toList());
  }

  public int size() {
    return byType.values().stream().mapToInt(Map::size).sum();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelState k && k.byType.equals(byType);
  }

  @Override
  public int hashCode() {
    return byType.hashCode();
  }

  @Override
  public String toString() {
    return all().toString();
  }
}
