package io.netledger.ui.view;

import io.netledger.avro.AgentStatus;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Infrastructure page shows, as an immutable image of the log (Kafka's
 * {@code TopicsImage} pattern): networks and hosts as accepted, live allocations and blocks, each
 * host's desired generation and mesh peers (from host-state), what each agent reports, and the
 * last rejections. Built only by {@link InfraDelta#apply()}; every map is unmodifiable and never
 * changes after the image is made, so a reader on another thread needs no lock.
 *
 * @param networks network id → its inputs (effective: the newest not rejected)
 * @param hosts host id → its inputs
 * @param rejectedInputs coordinates of network and host inputs the allocator rejected
 * @param allocations allocation key → allocation, ALLOCATED only (released and failed ones are gone)
 * @param blocks block key → affinity
 * @param generations host id → highest host-state generation seen for it (what its agent should reach)
 * @param peers host-state peer key → the edge it stands for
 * @param agents host id → its agent's last report
 * @param rejections the last {@link #REJECTIONS_KEPT} rejections, oldest first
 * @param rejectionCount every rejection read
 * @param log what was read: record count, undecodable records
 */
public record InfraImage(
    Map<String, Versions<NetworkCreated>> networks,
    Map<String, Versions<HostRegistered>> hosts,
    Set<String> rejectedInputs,
    Map<String, Allocation> allocations,
    Map<String, BlockAffinity> blocks,
    Map<String, Long> generations,
    Map<String, PeerEdge> peers,
    Map<String, AgentStatus> agents,
    List<RejectionEntry> rejections,
    long rejectionCount,
    LogHealth log) {

  public static final int REJECTIONS_KEPT = 50;

  public static final InfraImage EMPTY = new InfraImage(Map.of(), Map.of(), Set.of(), Map.of(), Map.of(), Map.of(),
      Map.of(), Map.of(), List.of(), 0, LogHealth.EMPTY);

  /** One direction of a tunnel: {@code hostId} has {@code peerHostId} as a peer in {@code networkId}. */
  public record PeerEdge(String hostId, String networkId, String peerHostId) {}

  /** A rejection as the page lists it; {@code coordinates} is where the rejection itself lies. */
  public record RejectionEntry(String coordinates, String key, io.netledger.avro.Rejection rejection) {}

  /**
   * Health of the read itself: nothing is dropped silently, so a record the view could not decode
   * is counted and the last one named on the page.
   */
  public record LogHealth(long records, long undecodable, String lastUndecodable) {
    static final LogHealth EMPTY = new LogHealth(0, 0, null);
  }

  public InfraDelta delta() {
    return new InfraDelta(this);
  }

  /** The network as accepted, or null. */
  public NetworkCreated network(String id) {
    Versions<NetworkCreated> v = networks.get(id);
    return v == null ? null : v.effective();
  }

  /** The host's registration as accepted, or null. */
  public HostRegistered host(String id) {
    Versions<HostRegistered> v = hosts.get(id);
    return v == null ? null : v.effective();
  }

  static <K, V> Map<K, V> frozen(Map<K, V> m) {
    return Collections.unmodifiableMap(m);
  }
}
