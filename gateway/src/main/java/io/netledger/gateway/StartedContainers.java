package io.netledger.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Admission.Owners} learnt from what this gateway itself got acknowledged: a ContainerStarted
 * records its host, a ContainerRemoved forgets it. Enough for the CNI door, whose DEL follows its
 * own ADD through the same gateway; a gateway restarted in between no longer knows the container,
 * and the host's DEL is refused (403, reason named) until a view of the allocations backs it (see
 * the module README). One entry per live container (a few dozen bytes).
 */
public final class StartedContainers implements Admission.Owners {
  private final Map<String, String> hosts = new ConcurrentHashMap<>();

  /** Records that {@code containerId} was started on {@code hostId}. */
  public void started(String containerId, String hostId) {
    hosts.put(containerId, hostId);
  }

  /** Forgets {@code containerId} (removed). */
  public void removed(String containerId) {
    hosts.remove(containerId);
  }

  @Override
  public Optional<String> hostOf(String containerId) {
    return Optional.ofNullable(hosts.get(containerId));
  }
}
