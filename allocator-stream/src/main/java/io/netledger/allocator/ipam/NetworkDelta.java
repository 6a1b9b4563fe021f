package io.netledger.allocator.ipam;

import java.util.List;

/**
 * What one network went through inside an {@link AllocatorDelta}, as Kafka's {@code TopicDelta}
 * is to its {@code TopicsDelta}: the parent hands every change of a network's state to this
 * child ({@link AllocatorDelta#networkDelta}) and folds the children into the next image on
 * {@code apply()}. A network that is never touched is never copied.
 */
final class NetworkDelta {
  private NetworkState state;

  /** @param state the network's state when the delta first touched it (null: not there yet) */
  NetworkDelta(NetworkState state) {
    this.state = state;
  }

  /** The network's state now, null when it is gone (or not yet created) in this delta. */
  NetworkState state() {
    return state;
  }

  /** The network comes into being (NetworkCreated). */
  void create(NetworkState created) {
    state = created;
  }

  /** The network is gone (NetworkDeleted). */
  void delete() {
    state = null;
  }

  /**
   * Moves the network to {@code next}, and writes its ledger record when its counters or
   * quarantine moved (the ledger is what a restarted allocator restores them from).
   */
  void update(NetworkState next, List<OutputRecord> out) {
    NetworkState before = state;
    state = next;
    if (before.sequence != next.sequence || before.allocationCount != next.allocationCount
        || before.quarantine != next.quarantine) { // same object when untouched
      out.add(Outputs.ledger(next));
    }
  }
}
