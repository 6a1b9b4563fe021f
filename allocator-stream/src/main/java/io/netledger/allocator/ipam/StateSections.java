package io.netledger.allocator.ipam;

import java.util.List;

/**
 * Names of the parts of the allocator's state that no output topic carries: the networks' and
 * hosts' facts (read from the inputs) and each network's counters and quarantine. Together with
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

  public static final List<String> ALL = List.of(NETWORKS, LEDGERS, HOSTS);

  public static boolean isSection(String name) {
    return ALL.contains(name);
  }
}
