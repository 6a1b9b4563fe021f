package io.netledger.allocator.ipam;

import io.netledger.allocator.state.NetworkLedger;
import io.netledger.allocator.state.QuarantinedAddress;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.PortMapping;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.net.Ipv4;
import io.netledger.events.net.Macs;
import io.netledger.events.topic.Topics;
import io.netledger.events.topic.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the records the allocator writes; one place for their keys and field values. */
final class Outputs {
  private Outputs() {}

  static final String REJECTED_BY = Writer.ALLOCATOR.module();

  static OutputRecord rejection(InputEvent e, RejectionReason reason, String message) {
    ByteBuffer key = e.key() == null ? null : ByteBuffer.wrap(e.key().getBytes(StandardCharsets.UTF_8));
    Rejection r = new Rejection(reason, message, e.cause(), key, null, REJECTED_BY, e.occurredAt());
    return new OutputRecord(Topics.REJECTED.name(), e.key(), r);
  }

  static OutputRecord allocation(String key, Allocation a) {
    return new OutputRecord(Topics.ALLOCATIONS.name(), key, a);
  }

  static OutputRecord block(NetworkState n, long base, BlockAffinity a) {
    return new OutputRecord(Topics.IPAM_BLOCKS.name(), AllocationKeys.blockKey(n.id(), n.cidrOfBlock(base)), a);
  }

  static OutputRecord dns(String networkId, String fqdn, DnsRecord r) {
    return new OutputRecord(Topics.DNS_RECORDS.name(), AllocationKeys.dnsKey(networkId, fqdn), r);
  }

  static void dnsChanges(String networkId, Map<String, DnsRecord> changes, List<OutputRecord> out) {
    changes.forEach((fqdn, r) -> out.add(dns(networkId, fqdn, r)));
  }

  static OutputRecord network(String networkId, NetworkCreated spec) {
    return new OutputRecord(StateSections.NETWORKS, networkId, spec);
  }

  static OutputRecord host(String hostId, HostRegistered facts) {
    return new OutputRecord(StateSections.HOSTS, hostId, facts);
  }

  static OutputRecord waiting(String containerId, WaitingStart w) {
    return new OutputRecord(StateSections.WAITING, containerId, w == null ? null : w.toRecord());
  }

  static OutputRecord ledger(NetworkState n) {
    List<QuarantinedAddress> q = new ArrayList<>(n.quarantine.size());
    for (Map.Entry<Long, Long> e : n.quarantine.entries()) {
      q.add(new QuarantinedAddress(new Ipv4(e.getKey()).toString(), e.getValue()));
    }
    return new OutputRecord(StateSections.LEDGERS, n.id(),
        new NetworkLedger(n.id(), n.sequence, n.allocationCount, q));
  }

  static BlockAffinity affinity(NetworkState n, long base, String hostId, InputEvent e) {
    return new BlockAffinity(n.id(), n.cidrOfBlock(base), hostId, e.occurredAt(), e.cause());
  }

  /** A held address. */
  static Allocation held(NetworkState n, AllocationKind kind, String ownerId, String hostId, String name,
      String service, String stack, String netns, long ip, boolean borrowed, long sequence, InputEvent e) {
    return held(n, kind, ownerId, hostId, name, service, stack, netns, ip, borrowed, sequence, e, Map.of(), List.of());
  }

  /**
   * A held address with the container's labels (sorted, so the same input always encodes the same
   * bytes) and the host ports it publishes.
   */
  static Allocation held(NetworkState n, AllocationKind kind, String ownerId, String hostId, String name,
      String service, String stack, String netns, long ip, boolean borrowed, long sequence, InputEvent e,
      Map<String, String> labels, List<PortMapping> ports) {
    Ipv4 addr = new Ipv4(ip);
    return new Allocation(n.id(), kind, ownerId, hostId, name, service, stack, netns, addr.toString(),
        n.cidr.prefixLength(), Macs.fromIpv4(addr), n.cidrOfBlock(n.blockOf(ip)), borrowed,
        AllocationState.ALLOCATED, null, sequence, e.occurredAt(), e.cause(), new TreeMap<>(labels), List.copyOf(ports));
  }

  /** The same holder, its address given back. */
  static Allocation released(Allocation a, long sequence, InputEvent e) {
    return new Allocation(a.getNetworkId(), a.getKind(), a.getOwnerId(), a.getHostId(), a.getName(),
        a.getService(), a.getStack(), a.getNetns(), a.getIp(), a.getPrefixLength(), a.getMac(), a.getBlockCidr(),
        a.getBorrowed(), AllocationState.RELEASED, null, sequence, e.occurredAt(), e.cause(), a.getLabels(), a.getPorts());
  }

  /** A container that could not get an address. */
  static Allocation failed(String networkId, int prefixLength, String containerId, String hostId, String name,
      String service, String stack, String netns, String reason, long sequence, InputEvent e) {
    return new Allocation(networkId, AllocationKind.CONTAINER, containerId, hostId, name, service, stack, netns,
        null, prefixLength, null, null, false, AllocationState.FAILED, reason, sequence, e.occurredAt(), e.cause(),
        Map.of(), List.of());
  }
}
