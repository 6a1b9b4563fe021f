package io.netledger.agent.cni;

import io.netledger.agent.calc.Owned;
import io.netledger.agent.dataplane.ApplyReport;
import io.netledger.agent.kernel.Namespace;
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
 * container, which of them the kernel holds, and its networks. The loop thread records (cheaply,
 * without blocking); request threads read a snapshot published at the end of each batch and
 * after each apply, and can wait for the next one.
 */
public final class EndpointWatch implements LogListener {
  private final Map<String, HostStateSlice> pending = new HashMap<>();
  private volatile Map<String, LocalEndpoint> endpoints = Map.of();
  private volatile Map<String, NetworkOnHost> networks = Map.of();
  private volatile Map<String, LocalEndpoint> programmed = Map.of();
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
    publish(null);
  }

  @Override
  public void onApplied(ApplyReport report) {
    publish(report);
  }

  @Override
  public void onCaughtUp() {
    caughtUp = true;
    publish(null);
  }

  /** Publishes a snapshot; {@code report} (after an apply) also says which endpoints are in the kernel. */
  private void publish(ApplyReport report) {
    Map<String, LocalEndpoint> e = new HashMap<>();
    Map<String, NetworkOnHost> n = new HashMap<>();
    for (HostStateSlice s : pending.values()) {
      if (s.getSlice() instanceof LocalEndpoint le) {
        e.put(le.getContainerId(), le);
      } else if (s.getSlice() instanceof NetworkOnHost no) {
        n.put(no.getNetworkId(), no);
      }
    }
    Map<String, LocalEndpoint> p = new HashMap<>();
    for (LocalEndpoint le : e.values()) {
      boolean inKernel = report == null ? le.equals(programmed.get(le.getContainerId())) : programmed(le, report);
      if (inKernel) {
        p.put(le.getContainerId(), le);
      }
    }
    endpoints = Map.copyOf(e);
    networks = Map.copyOf(n);
    programmed = Map.copyOf(p);
    synchronized (this) {
      version++;
      notifyAll();
    }
  }

  /**
   * Whether the apply that {@code report} describes left the endpoint in the kernel: its
   * container namespace holds everything wanted of it, and nothing of its host side failed.
   */
  private static boolean programmed(LocalEndpoint e, ApplyReport report) {
    Namespace ns;
    try {
      ns = Namespace.of(e.getNetns());
    } catch (RuntimeException bad) {
      return false; // a slice the agent refused is never realised
    }
    if (!report.programmed().contains(ns)
        || report.problems().stream().anyMatch(p -> p.startsWith("endpoint " + e.getContainerId() + " "))) {
      return false;
    }
    String veth = Owned.vethName(e.getContainerId());
    return report.errors().stream().noneMatch(err -> err.namespace().isHost()
        && err.change().object().toString().contains(veth));
  }

  /**
   * The endpoint of the container as the kernel holds it, as far as the agent's last apply knows
   * (a kernel read costs a process; CHECK does that).
   */
  public Optional<LocalEndpoint> programmed(String containerId) {
    return Optional.ofNullable(programmed.get(containerId));
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

  /** The number of the current snapshot; pass it to {@link #awaitChange} after looking. */
  public synchronized long version() {
    return version;
  }

  /**
   * Waits until a snapshot newer than {@code seen}, or at most {@code max}. Taking the version
   * before looking closes the window where a snapshot published while the caller was checking
   * the kernel would be missed and the caller would sleep the whole {@code max}.
   */
  public void awaitChange(long seen, Duration max) throws InterruptedException {
    synchronized (this) {
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
