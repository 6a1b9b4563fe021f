package io.netledger.allocator.ipam;

import java.util.List;

/**
 * Names of the parts of the allocator's state that no output topic carries: the networks' and
 * hosts' facts (read from the inputs), each network's counters and quarantine, the starts
 * waiting for their network or host, and the eventIds of the last inputs decided. Together with
 * the records of the three view topics they are the whole image (see {@link ImageRecords}).
 */
public final class StateSections {
  private StateSections() {}

  /** Key networkId, value the NetworkCreated payload in force. */
  public static final String NETWORKS = "allocator-state.networks";
  /** Key networkId, value {@link io.netledger.allocator.state.NetworkLedger}. */
  public static final String LEDGERS = "allocator-state.ledgers";
  /** Key hostId, value the HostRegistered payload in force. */
  public static final String HOSTS = "allocator-state.hosts";

  /**
   * Key containerId, value {@link io.netledger.allocator.state.WaitingStartRecord}: a start that
   * waits for its network or host (see {@link WaitingStart}).
   */
  public static final String WAITING = "allocator-state.waiting";

  /**
   * Key eventId, value {@link io.netledger.allocator.state.SeenEventRecord}: the de-duplication
   * window (see {@link EventWindow}).
   */
  public static final String EVENT_IDS = "allocator-state.event-ids";

  public static final List<String> ALL = List.of(NETWORKS, LEDGERS, HOSTS, WAITING, EVENT_IDS);

  public static boolean isSection(String name) {
    return ALL.contains(name);
  }
}
