package io.netledger.allocator.ipam;

import io.netledger.avro.Allocation;
import io.netledger.avro.HostRegistered;
import java.util.List;
import java.util.Objects;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * Everything the allocator knows after some prefix of the input log: networks (with their
 * blocks, addresses, quarantine and DNS zone), registered hosts and the last allocation of every
 * container it has not forgotten. Immutable; the next image comes from
 * {@link AllocatorDelta#apply()}, and {@link ImageRecords} turns an image into records and back.
 */
public final class AllocatorImage {
  public static final AllocatorImage EMPTY = new AllocatorImage(TreePMap.empty(), TreePMap.empty(), TreePMap.empty(),
      TreePMap.empty(), TreePMap.empty(), EventWindow.EMPTY);

  private final PSortedMap<String, NetworkState> networks;
  private final PSortedMap<String, HostRegistered> hosts;
  private final PSortedMap<String, Allocation> containers;
  private final PSortedMap<String, WaitingStart> waiting;
  /** containerId of each waiting start by its order: an index of {@link #waiting}, so not in equals. */
  final PSortedMap<Long, String> waitingOrder;
  /** Host ports published by live containers: an index of {@link #containers}, so not in equals. */
  private final PortIndex ports;
  private final EventWindow events;

  AllocatorImage(PSortedMap<String, NetworkState> networks, PSortedMap<String, HostRegistered> hosts,
      PSortedMap<String, Allocation> containers, PSortedMap<String, WaitingStart> waiting,
      PSortedMap<Long, String> waitingOrder, EventWindow events) {
    this(networks, hosts, containers, waiting, waitingOrder, PortIndex.of(containers.values()), events);
  }

  AllocatorImage(PSortedMap<String, NetworkState> networks, PSortedMap<String, HostRegistered> hosts,
      PSortedMap<String, Allocation> containers, PSortedMap<String, WaitingStart> waiting,
      PSortedMap<Long, String> waitingOrder, PortIndex ports, EventWindow events) {
    this.networks = networks;
    this.hosts = hosts;
    this.containers = containers;
    this.waiting = waiting;
    this.waitingOrder = waitingOrder;
    this.ports = ports;
    this.events = events;
  }

  /** The eventIds of the last inputs decided, with where each was first seen (de-duplication). */
  public EventWindow events() {
    return events;
  }

  /** Host ports published by live containers, per host (derived from {@link #containers()}). */
  public PortIndex ports() {
    return ports;
  }

  /** Networks by id. */
  public PSortedMap<String, NetworkState> networks() {
    return networks;
  }

  /** Registered hosts' facts by hostId. */
  public PSortedMap<String, HostRegistered> hosts() {
    return hosts;
  }

  /** The current allocation (ALLOCATED, RELEASED or FAILED) of every known container, by containerId. */
  public PSortedMap<String, Allocation> containers() {
    return containers;
  }

  /**
   * Starts refused only because their network or host was not known yet, by containerId; each
   * also has a FAILED allocation in {@link #containers()} until it is decided again.
   */
  public PSortedMap<String, WaitingStart> waiting() {
    return waiting;
  }

  /** The allocation stored under an allocations-topic key (a containerId or host/&lt;host&gt;/&lt;network&gt;). */
  public Allocation allocation(String key) {
    if (key.startsWith(AllocationKeys.HOST_PREFIX)) {
      AllocationKeys.HostKey hk = AllocationKeys.parseHostKey(key);
      NetworkState n = networks.get(hk.networkId());
      return n == null ? null : n.hostAddresses.get(hk.hostId());
    }
    return containers.get(key);
  }

  /** A new delta starting from this image. */
  public AllocatorDelta delta(AllocatorConfig config) {
    return new AllocatorDelta(this, config);
  }

  /** Every record that, written onto EMPTY, gives this image (see {@link ImageRecords}). */
  public List<OutputRecord> toRecords() {
    return ImageRecords.render(this);
  }

  public boolean isEmpty() {
    return networks.isEmpty() && hosts.isEmpty() && containers.isEmpty() && waiting.isEmpty()
        && events.size() == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AllocatorImage i && networks.equals(i.networks) && hosts.equals(i.hosts)
        && containers.equals(i.containers) && waiting.equals(i.waiting) && events.equals(i.events);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networks, hosts, containers, waiting, events);
  }

  @Override
  public String toString() {
    return "AllocatorImage[networks=" + networks.values() + ", hosts=" + hosts.keySet() + ", containers="
        + containers.size() + ", waiting=" + waiting.keySet() + ", " + events + "]";
  }
}
