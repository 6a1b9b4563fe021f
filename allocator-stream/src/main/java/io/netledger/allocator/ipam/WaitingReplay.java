package io.netledger.allocator.ipam;

import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.pcollections.PSortedMap;

/**
 * The waiting starts of an {@link AllocatorDelta} (see {@link WaitingStart}): a start refused for
 * an unknown network or host waits; when the missing NetworkCreated or HostRegistered is
 * replayed, the starts now complete are decided in their waiting order, with their own input as
 * the cause, as if they had arrived then. A newer start, a stop or a remove of the container, or
 * the deletion of its network or host, ends the wait.
 */
final class WaitingReplay {
  private final AllocatorDelta d;
  private PSortedMap<String, WaitingStart> waiting;
  /** containerId of each waiting start by its order (an index of {@link #waiting}). */
  private PSortedMap<Long, String> order;

  WaitingReplay(AllocatorDelta d, PSortedMap<String, WaitingStart> waiting, PSortedMap<Long, String> order) {
    this.d = d;
    this.waiting = waiting;
    this.order = order;
  }

  PSortedMap<String, WaitingStart> waiting() {
    return waiting;
  }

  PSortedMap<Long, String> order() {
    return order;
  }

  boolean isWaiting(String containerId) {
    return waiting.containsKey(containerId);
  }

  /** True when a start's decision refused it only for want of its network or host. */
  static boolean waits(Decision x) {
    for (OutputRecord r : x.records()) {
      if (r.value() instanceof Rejection rj) {
        return rj.getReason() == RejectionReason.UNKNOWN_NETWORK || rj.getReason() == RejectionReason.UNKNOWN_HOST;
      }
    }
    return false;
  }

  /** Keeps the start (after every start now waiting), replacing the container's earlier one. */
  void park(InputEvent e, List<OutputRecord> out) {
    dropFromOrder(e.key());
    // Last order + 1 rather than a stored counter: only the relative order of the starts waiting
    // now matters, and it restores from the waiting records alone.
    long next = order.isEmpty() ? 0 : order.lastKey() + 1;
    WaitingStart w = new WaitingStart(next, e);
    waiting = waiting.plus(e.key(), w);
    order = order.plus(next, e.key());
    out.add(Outputs.waiting(e.key(), w));
    expire(next, out);
  }

  /**
   * Bounds the waiting set: the oldest starts beyond {@code maxWaiting}, and every start that has
   * waited through {@code waitingExpiry} later waiting starts, end with WAITING_EXPIRED, naming
   * their own input. Deterministic: counted in parked inputs, never in time.
   */
  private void expire(long newest, List<OutputRecord> out) {
    AllocatorConfig c = d.config();
    while (!order.isEmpty() && (waiting.size() > c.maxWaiting() || newest - order.firstKey() >= c.waitingExpiry())) {
      WaitingStart old = waiting.get(order.get(order.firstKey()));
      forget(old.input().key(), out);
      ContainerStarted s = old.start();
      out.add(Outputs.rejection(old.input(), RejectionReason.WAITING_EXPIRED, "container " + s.getContainerId()
          + " waited too long for network " + s.getNetworkId() + " and host " + s.getHostId() + " (at most "
          + c.maxWaiting() + " starts wait, each through at most " + c.waitingExpiry()
          + " later waiting starts); publish it again once both exist"));
    }
  }

  /** Ends the container's wait, if it waits (a tombstone in the waiting section). */
  void forget(String containerId, List<OutputRecord> out) {
    if (waiting.containsKey(containerId)) {
      dropFromOrder(containerId);
      waiting = waiting.minus(containerId);
      out.add(Outputs.waiting(containerId, null));
    }
  }

  /** Ends the wait of every start whose network or host is gone (their FAILED allocation stays). */
  void drop(Predicate<ContainerStarted> gone, List<OutputRecord> out) {
    for (WaitingStart w : List.copyOf(waiting.values())) {
      if (gone.test(w.start())) {
        forget(w.input().key(), out);
      }
    }
  }

  /**
   * Decides, in waiting order, every start whose network and host are both known now. Deciding
   * one never makes another ready (only a network or host does), so the set is taken once.
   */
  void decideReady(List<OutputRecord> out) {
    if (waiting.isEmpty()) {
      return;
    }
    List<WaitingStart> ready = new ArrayList<>();
    for (String cid : order.values()) {
      WaitingStart w = waiting.get(cid);
      if (w.ready(d)) {
        ready.add(w);
      }
    }
    for (WaitingStart w : ready) {
      out.addAll(d.replayStart(w.input(), w.start()).records());
    }
  }

  private void dropFromOrder(String containerId) {
    WaitingStart old = waiting.get(containerId);
    if (old != null) {
      order = order.minus(old.order());
    }
  }
}
