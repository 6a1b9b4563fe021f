package io.netledger.agent.metadata;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import io.netledger.events.net.Ipv4;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * Changes to a {@link MetadataView}: replay records in log order, then {@link #apply()} once per
 * batch. Every network a batch touched gets its version increased by one, so a long-polling
 * container wakes for changes of its own network only.
 *
 * <p>Replay validates before it records: a record it refuses (IllegalArgumentException naming
 * the key and the problem) leaves the delta as it was.
 *
 * <pre>{@code
 * MetadataDelta delta = new MetadataDelta(view);
 * delta.replayAllocation("c-42", allocation);          // null = tombstone
 * delta.replayHostState("h1/peer/managed/h2", slice);  // endpoint, network and peer slices
 * view = delta.apply();
 * }</pre>
 */
public final class MetadataDelta {
  private final MetadataView image;
  private final Map<String, Optional<Allocation>> allocationChanges = new LinkedHashMap<>();
  private final Map<String, Optional<LocalEndpoint>> endpointChanges = new LinkedHashMap<>();
  private final Map<String, Optional<NetworkOnHost>> networkChanges = new LinkedHashMap<>();
  private final Map<String, Optional<Peer>> peerChanges = new LinkedHashMap<>();

  public MetadataDelta(MetadataView image) {
    this.image = image;
  }

  /**
   * One record of {@code netledger.allocations.v1}. Host addresses are ignored; a container is
   * live while its allocation is ALLOCATED, and gone on RELEASED, FAILED or a tombstone.
   *
   * @param key the containerId (or {@code host/<hostId>/<networkId>})
   */
  public void replayAllocation(String key, Allocation value) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("allocations key is empty");
    }
    if (value != null && value.getKind() == AllocationKind.HOST) {
      return;
    }
    if (value == null || value.getState() != AllocationState.ALLOCATED) {
      allocationChanges.put(key, Optional.empty());
      return;
    }
    if (!key.equals(value.getOwnerId())) {
      throw new IllegalArgumentException("allocations key '" + key + "' does not match its owner '"
          + value.getOwnerId() + "'");
    }
    if (value.getIp() == null || !Ipv4.isValid(value.getIp())) {
      throw new IllegalArgumentException("allocations key '" + key + "': ip '" + value.getIp() + "' is not IPv4");
    }
    allocationChanges.put(key, Optional.of(value));
  }

  /**
   * One record of {@code netledger.host-state.v1}; slices of other hosts (sharing the partition)
   * are ignored.
   *
   * @param key {@code <hostId>/<kind>/<id>}
   */
  public void replayHostState(String key, HostStateSlice value) {
    String[] parts = key == null ? new String[0] : key.split("/", 3);
    if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("host-state key '" + key + "' is not <hostId>/<kind>/<id>");
    }
    if (!parts[0].equals(image.hostId())) {
      return;
    }
    String kind = parts[1];
    String id = parts[2];
    if (value == null) {
      switch (kind) {
        case "endpoint" -> endpointChanges.put(id, Optional.empty());
        case "network" -> networkChanges.put(id, Optional.empty());
        case "peer" -> peerChanges.put(id, Optional.empty());
        default -> { }
      }
      return;
    }
    Object slice = value.getSlice();
    if (slice instanceof LocalEndpoint e) {
      requireId(key, id, e.getContainerId());
      if (!Ipv4.isValid(e.getIp())) {
        throw new IllegalArgumentException("host-state key '" + key + "': ip '" + e.getIp() + "' is not IPv4");
      }
      endpointChanges.put(id, Optional.of(e));
    } else if (slice instanceof NetworkOnHost n) {
      requireId(key, id, n.getNetworkId());
      networkChanges.put(id, Optional.of(n));
    } else if (slice instanceof Peer p) {
      requireId(key, id, p.getNetworkId() + "/" + p.getHostId());
      peerChanges.put(id, Optional.of(p));
    }
  }

  private static void requireId(String key, String id, String inValue) {
    if (!id.equals(inValue)) {
      throw new IllegalArgumentException("host-state key '" + key + "' does not match its value id '" + inValue + "'");
    }
  }

  public boolean isEmpty() {
    return allocationChanges.isEmpty() && endpointChanges.isEmpty() && networkChanges.isEmpty()
        && peerChanges.isEmpty();
  }

  /** The next view; the image this delta started from is unchanged. */
  public MetadataView apply() {
    if (isEmpty()) {
      return image;
    }
    TreeSet<String> touched = new TreeSet<>();
    PSortedMap<String, PSortedMap<String, Allocation>> containers = image.containers;
    for (Map.Entry<String, Optional<Allocation>> c : allocationChanges.entrySet()) {
      String cid = c.getKey();
      Allocation old = findContainer(containers, cid);
      if (old != null) {
        containers = without(containers, old.getNetworkId(), cid);
        touched.add(old.getNetworkId());
      }
      if (c.getValue().isPresent()) {
        Allocation a = c.getValue().get();
        PSortedMap<String, Allocation> inNet = containers.getOrDefault(a.getNetworkId(), TreePMap.empty());
        containers = containers.plus(a.getNetworkId(), inNet.plus(cid, a));
        touched.add(a.getNetworkId());
      }
    }
    PSortedMap<String, LocalEndpoint> endpoints = image.endpoints;
    for (Map.Entry<String, Optional<LocalEndpoint>> c : endpointChanges.entrySet()) {
      LocalEndpoint old = endpoints.get(c.getKey());
      if (old != null) {
        touched.add(old.getNetworkId());
      }
      endpoints = c.getValue().isPresent() ? endpoints.plus(c.getKey(), c.getValue().get()) : endpoints.minus(c.getKey());
      c.getValue().ifPresent(e -> touched.add(e.getNetworkId()));
    }
    PSortedMap<String, NetworkOnHost> networks = image.networks;
    for (Map.Entry<String, Optional<NetworkOnHost>> c : networkChanges.entrySet()) {
      touched.add(c.getKey());
      networks = c.getValue().isPresent() ? networks.plus(c.getKey(), c.getValue().get()) : networks.minus(c.getKey());
    }
    PSortedMap<String, Peer> peers = image.peers;
    for (Map.Entry<String, Optional<Peer>> c : peerChanges.entrySet()) {
      touched.add(c.getKey().substring(0, c.getKey().indexOf('/')));
      peers = c.getValue().isPresent() ? peers.plus(c.getKey(), c.getValue().get()) : peers.minus(c.getKey());
    }
    PSortedMap<String, Long> versions = image.versions;
    for (String networkId : touched) {
      versions = versions.plus(networkId, versions.getOrDefault(networkId, 0L) + 1);
    }
    MetadataView next = new MetadataView(image.hostId(), image.underlayIp(), endpoints, networks, peers, containers,
        versions, endpointChanges.isEmpty() ? image.endpointsByIp() : null);
    next.succeeds(image);
    return next;
  }

  private static Allocation findContainer(PSortedMap<String, PSortedMap<String, Allocation>> containers, String cid) {
    for (PSortedMap<String, Allocation> inNet : containers.values()) {
      Allocation a = inNet.get(cid);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  private static PSortedMap<String, PSortedMap<String, Allocation>> without(
      PSortedMap<String, PSortedMap<String, Allocation>> containers, String networkId, String cid) {
    PSortedMap<String, Allocation> inNet = containers.get(networkId).minus(cid);
    return inNet.isEmpty() ? containers.minus(networkId) : containers.plus(networkId, inNet);
  }
}
