package io.netledger.agent.metadata;

import java.util.HashMap;
import java.util.Map;

/**
 * How many long polls may wait at once, per source address and in all, so that no container
 * (and not all of them together) can hold an unbounded number of open requests. Not thread-safe:
 * used on the server's event loop only.
 */
final class WaiterLimits {
  static final int PER_SOURCE = 16;
  static final int TOTAL = 4096;

  private final int perSource;
  private final int total;
  private final Map<String, Integer> bySource = new HashMap<>();
  private int waiting;

  WaiterLimits(int perSource, int total) {
    this.perSource = perSource;
    this.total = total;
  }

  /** Admits one more waiter of {@code source}, or returns why not. */
  String admit(String source) {
    if (waiting >= total) {
      return "too many waiting requests on this host (" + total + "); retry later";
    }
    int mine = bySource.getOrDefault(source, 0);
    if (mine >= perSource) {
      return "too many waiting requests from " + source + " (" + perSource + "); retry later";
    }
    bySource.put(source, mine + 1);
    waiting++;
    return null;
  }

  void release(String source) {
    Integer mine = bySource.get(source);
    if (mine == null) {
      return;
    }
    if (mine <= 1) {
      bySource.remove(source);
    } else {
      bySource.put(source, mine - 1);
    }
    waiting--;
  }

  int waiting() {
    return waiting;
  }
}
