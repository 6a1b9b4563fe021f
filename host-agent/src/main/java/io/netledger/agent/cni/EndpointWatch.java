package io.netledger.agent.cni;

import io.netledger.agent.runtime.LogListener;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the CNI door needs from the log, as the agent loop reads it: this host's endpoints by
 * container and its networks. The loop thread records (cheaply, without blocking); request
 * threads read a snapshot published at the end of each batch and after each apply, and can wait
 * for the next one.
 */
public final class EndpointWatch implements LogListener {
  private final Map<String, HostStateSlice> pending = new HashMap<>();
  private volatile Map<String, LocalEndpoint> endpoints = Map.of();
  private volatile Map<String, NetworkOnHost> networks = Map.of();
  private volatile boolean caughtUp;
  private long version;

  @Override
  public void onHostState(String key, HostStateSlice slice) {
    if (slice == null) {
      pending.remove(key);
    } else {
      pending.put(key, slice);
    }
  }

  @Override
  public void onBatchEnd() {
    publish();
  }

  @Override
  public void onApplied() {
    publish();
  }

  @Override
  public void onCaughtUp() {
    caughtUp = true;
    publish();
  }

  private void publish() {
    Map<String, LocalEndpoint> e = new HashMap<>();
    Map<String, NetworkOnHost> n = new HashMap<>();
    for (HostStateSlice s : pending.values()) {
      if (s.getSlice() instanceof LocalEndpoint le) {
        e.put(le.getContainerId(), le);
      } else if (s.getSlice() instanceof NetworkOnHost no) {
        n.put(no.getNetworkId(), no);
      }
    }
    endpoints = Map.copyOf(e);
    networks = Map.copyOf(n);
    synchronized (this) {
      version++;
      notifyAll();
    }
  }

  public Optional<LocalEndpoint> endpoint(String containerId) {
    return Optional.ofNullable(endpoints.get(containerId));
  }

  public Map<String, LocalEndpoint> endpoints() {
    return endpoints;
  }

  public Optional<NetworkOnHost> network(String networkId) {
    return Optional.ofNullable(networks.get(networkId));
  }

  public boolean caughtUp() {
    return caughtUp;
  }

  /** Waits until the next snapshot, or at most {@code max}. */
  public void awaitChange(Duration max) throws InterruptedException {
    synchronized (this) {
      long seen = version;
      long deadline = System.nanoTime() + max.toNanos();
      while (version == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }
}
