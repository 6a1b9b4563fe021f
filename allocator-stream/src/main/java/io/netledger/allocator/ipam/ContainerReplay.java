package io.netledger.allocator.ipam;

import io.netledger.allocator.dns.DnsNames;
import io.netledger.allocator.dns.DnsZone;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.PortMapping;
import io.netledger.avro.RejectionReason;
import io.netledger.events.net.Ipv4;
import io.netledger.events.validate.EventValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The container decisions of an {@link AllocatorDelta}: start (address, block and host-address
 * choice), stop and remove (release, quarantine, host leaving the network).
 */
final class ContainerReplay {
  private static final long NONE = -1;
  private final AllocatorDelta d;

  ContainerReplay(AllocatorDelta d) {
    this.d = d;
  }

  Decision start(InputEvent e, ContainerStarted s) {
    String cid = s.getContainerId();
    if (!cid.equals(e.key())) {
      return d.keyMismatch(e, cid);
    }
    Allocation existing = d.allocation(cid);
    if (existing != null && existing.getState() == AllocationState.ALLOCATED) {
      if (existing.getHostId().equals(s.getHostId()) && existing.getNetworkId().equals(s.getNetworkId())) {
        // A repeated start: say again what is in force, byte for byte, and change nothing.
        return new Decision(Decision.Outcome.DUPLICATE, List.of(Outputs.allocation(cid, existing)));
      }
      return AllocatorDelta.reject(e, RejectionReason.CONFLICTING_DUPLICATE, "container " + cid + " is live on host "
          + existing.getHostId() + " in network " + existing.getNetworkId() + " with " + existing.getIp()
          + "; a start on host " + s.getHostId() + " in network " + s.getNetworkId() + " conflicts");
    }
    Decision x = decide(e, s, existing);
    // A start refused only for want of its network or host waits for it (and replaces the
    // container's earlier waiting start); any other decision ends an earlier wait.
    List<OutputRecord> out = new ArrayList<>(x.records());
    if (WaitingReplay.waits(x)) {
      d.waiting().park(e, out);
    } else {
      d.waiting().forget(cid, out);
    }
    return new Decision(x.outcome(), out);
  }

  private Decision decide(InputEvent e, ContainerStarted s, Allocation existing) {
    NetworkState n = d.network(s.getNetworkId());
    if (n == null) {
      return fail(e, s, null, RejectionReason.UNKNOWN_NETWORK, "network " + s.getNetworkId() + " is not known");
    }
    // Every name it gets must fit in DNS with this network's domain (the door cannot know it).
    var tooLong = EventValidator.violations(s, n.spec().getDnsDomain());
    if (!tooLong.isEmpty()) {
      return fail(e, s, n, RejectionReason.INVALID_INPUT, "invalid ContainerStarted: " + EventValidator.describe(tooLong));
    }
    if (!d.hasHost(s.getHostId())) {
      return fail(e, s, n, RejectionReason.UNKNOWN_HOST, "host " + s.getHostId() + " is not registered");
    }
    for (PortMapping p : s.getPorts()) {
      String holder = d.ports().holder(s.getHostId(), p);
      if (holder != null && !holder.equals(s.getContainerId())) {
        return fail(e, s, n, RejectionReason.PORT_IN_USE, "host port " + (p.getHostIp() == null ? "" : p.getHostIp() + ":")
            + p.getHostPort() + "/" + p.getProtocol().toString().toLowerCase(java.util.Locale.ROOT) + " on host "
            + s.getHostId() + " is published by container " + holder);
      }
    }
    long preferred = NONE;
    if (s.getRequestedIp() != null) {
      String req = s.getRequestedIp();
      if (!Ipv4.isValid(req)) {
        return fail(e, s, n, RejectionReason.INVALID_INPUT, "requested address '" + req + "' is not an IPv4 address");
      }
      long ip = Ipv4.parse(req).value();
      if (!n.cidr.contains(new Ipv4(ip))) {
        return fail(e, s, n, RejectionReason.IP_OUT_OF_RANGE, "requested address " + req + " is outside "
            + n.cidr + " of network " + n.id());
      }
      if (n.isReserved(ip)) {
        return fail(e, s, n, RejectionReason.IP_RESERVED, "requested address " + req + " is "
            + (n.isNetworkOrBroadcast(ip) ? "the network or broadcast address of " + n.cidr : "reserved")
            + " in network " + n.id());
      }
      String holder = n.holder(ip);
      if (holder != null) {
        return fail(e, s, n, RejectionReason.IP_IN_USE, "requested address " + req + " is held by " + holder
            + " in network " + n.id());
      }
      // An explicit request is honoured even inside the quarantine: whoever asks for a fixed
      // address takes responsibility for it (the quarantine guards automatic reuse).
      preferred = ip;
    } else if (existing != null && existing.getState() == AllocationState.RELEASED
        && existing.getNetworkId().equals(n.id()) && existing.getIp() != null) {
      long ip = Ipv4.parse(existing.getIp()).value();
      if (n.cidr.contains(new Ipv4(ip)) && !n.isReserved(ip) && n.holder(ip) == null) {
        preferred = ip; // a restart gets its old address back: peers' ARP and DNS still point at it
      }
    }
    return allocate(e, s, n, preferred);
  }

  private Decision allocate(InputEvent e, ContainerStarted s, NetworkState n, long preferred) {
    int q = d.config().quarantine();
    String hostId = s.getHostId();
    long first = n.cidr.first().value();
    long last = n.cidr.last().value();
    List<OutputRecord> out = new ArrayList<>();
    NetworkState w = n;
    if (!w.participates(hostId)) {
      // The host joins the network: its first block, and in it the host's own address (VTEP and
      // the gateway of its containers), taken before the container's.
      OptionalLong block = w.lowestFreeBlock(q, preferred);
      OptionalLong hostIp;
      if (block.isPresent()) {
        w = claim(w, block.getAsLong(), hostId, e, out);
        hostIp = w.lowestAssignableInBlock(block.getAsLong(), q, preferred);
      } else {
        hostIp = w.lowestAssignable(first, last, q, preferred);
      }
      if (hostIp.isEmpty()) {
        return exhausted(e, s, n);
      }
      long ip = hostIp.getAsLong();
      String key = AllocationKeys.hostKey(hostId, n.id());
      Allocation ha = Outputs.held(w, AllocationKind.HOST, hostId, hostId, null, null, null, null, ip,
          !hostId.equals(affinity(w, ip)), w.sequence + 1, e);
      w = take(w, ip, key, q).withHostAddress(hostId, ha);
      out.add(Outputs.allocation(key, ha));
    }
    long ip = NONE;
    if (preferred != NONE) {
      ip = preferred;
      if (w.blockFree(w.blockOf(ip))) {
        w = claim(w, w.blockOf(ip), hostId, e, out);
      }
    } else {
      for (long base : w.blocksOf(hostId)) {
        OptionalLong found = w.lowestAssignableInBlock(base, q, NONE);
        if (found.isPresent()) {
          ip = found.getAsLong();
          break;
        }
      }
      if (ip == NONE) {
        OptionalLong block = w.lowestFreeBlock(q, NONE);
        if (block.isPresent()) {
          w = claim(w, block.getAsLong(), hostId, e, out);
          ip = w.lowestAssignableInBlock(block.getAsLong(), q, NONE).getAsLong();
        } else {
          // No free block: borrow the lowest free address of another host's block (the mesh
          // advertises it as a /32).
          ip = w.lowestAssignable(first, last, q, NONE).orElse(NONE);
        }
      }
      if (ip == NONE) {
        return exhausted(e, s, n);
      }
    }
    String cid = s.getContainerId();
    Allocation a = Outputs.held(w, AllocationKind.CONTAINER, cid, hostId, s.getName(), s.getService(), s.getStack(),
        s.getNetns(), ip, !hostId.equals(affinity(w, ip)), w.sequence + 1, e, s.getLabels(), s.getPorts());
    w = take(w, ip, cid, q).withLive(hostId, w.liveContainers(hostId) + 1);
    out.add(Outputs.allocation(cid, a));
    DnsZone.Update u = w.dns.add(n.id(), ip,
        DnsNames.of(s.getName(), s.getService(), s.getStack(), s.getAliases(), n.spec.getDnsDomain()),
        n.spec.getDnsTtlSeconds(), e.occurredAt(), e.cause());
    w = w.withDns(u.zone());
    Outputs.dnsChanges(n.id(), u.changes(), out);
    d.putAllocation(cid, a);
    d.putNetwork(w, out);
    return new Decision(Decision.Outcome.APPLIED, out);
  }

  Decision stop(InputEvent e, String cid, boolean forget) {
    if (!cid.equals(e.key())) {
      return d.keyMismatch(e, cid);
    }
    Allocation a = d.allocation(cid);
    if (a == null) {
      return AllocatorDelta.reject(e, RejectionReason.UNKNOWN_CONTAINER, "container " + cid + " is not known"
          + " (never started, or already removed)");
    }
    List<OutputRecord> out = new ArrayList<>();
    if (a.getState() == AllocationState.ALLOCATED) {
      release(e, a, forget, out);
      return new Decision(Decision.Outcome.APPLIED, out);
    }
    if (forget) {
      d.forgetAllocation(cid);
      out.add(Outputs.allocation(cid, null));
      d.waiting().forget(cid, out);
      return new Decision(Decision.Outcome.APPLIED, out);
    }
    // Stopping what holds no address: say again what is in force (FAILED or RELEASED); a
    // waiting start no longer waits.
    out.add(Outputs.allocation(cid, a));
    if (d.waiting().isWaiting(cid)) {
      d.waiting().forget(cid, out);
      return new Decision(Decision.Outcome.APPLIED, out);
    }
    return new Decision(Decision.Outcome.DUPLICATE, out);
  }

  /**
   * Gives back a live container's address: RELEASED (or forgotten), out of its DNS names, into
   * quarantine; when it was the host's last container in the network, the host's address and
   * blocks go too (a block with another host's borrowed address in it just loses its affinity).
   */
  void release(InputEvent e, Allocation a, boolean forget, List<OutputRecord> out) {
    int q = d.config().quarantine();
    NetworkState n = d.network(a.getNetworkId());
    String cid = a.getOwnerId();
    String hostId = a.getHostId();
    long ip = Ipv4.parse(a.getIp()).value();
    NetworkState w = give(n, ip);
    if (forget) {
      d.forgetAllocation(cid);
      out.add(Outputs.allocation(cid, null));
    } else {
      Allocation r = Outputs.released(a, w.sequence + 1, e);
      w = w.withCounters(w.sequence + 1, w.allocationCount);
      d.putAllocation(cid, r);
      out.add(Outputs.allocation(cid, r));
    }
    DnsZone.Update u = w.dns.remove(n.id(), ip, n.spec.getDnsTtlSeconds(), e.occurredAt(), e.cause());
    w = w.withDns(u.zone());
    Outputs.dnsChanges(n.id(), u.changes(), out);
    int live = w.liveContainers(hostId) - 1;
    w = w.withLive(hostId, live);
    if (live == 0) {
      Allocation ha = w.hostAddresses.get(hostId);
      if (ha != null) {
        w = give(w, Ipv4.parse(ha.getIp()).value()).withHostAddress(hostId, null);
        out.add(Outputs.allocation(AllocationKeys.hostKey(hostId, n.id()), null));
      }
      for (long base : w.blocksOf(hostId)) {
        w = w.withoutBlock(base);
        out.add(Outputs.block(w, base, null));
      }
    }
    d.putNetwork(w, out);
  }

  private Decision exhausted(InputEvent e, ContainerStarted s, NetworkState n) {
    return fail(e, s, n, RejectionReason.POOL_EXHAUSTED, "network " + n.id() + " (" + n.cidr
        + ") has no free address for container " + s.getContainerId() + " on host " + s.getHostId());
  }

  /** A start that gets no address: a FAILED allocation and the rejection saying why. */
  private Decision fail(InputEvent e, ContainerStarted s, NetworkState n, RejectionReason reason, String message) {
    List<OutputRecord> out = new ArrayList<>();
    long seq = n == null ? 0 : n.sequence + 1; // an unknown network has no decision counter
    int prefix = n == null ? 0 : n.cidr.prefixLength();
    Allocation a = Outputs.failed(s.getNetworkId(), prefix, s.getContainerId(), s.getHostId(), s.getName(),
        s.getService(), s.getStack(), s.getNetns(), reason + ": " + message, seq, e);
    d.putAllocation(s.getContainerId(), a);
    out.add(Outputs.allocation(s.getContainerId(), a));
    if (n != null) {
      d.putNetwork(n.withCounters(seq, n.allocationCount), out);
    }
    out.add(Outputs.rejection(e, reason, message));
    return new Decision(Decision.Outcome.REJECTED, out);
  }

  private static NetworkState claim(NetworkState w, long base, String hostId, InputEvent e, List<OutputRecord> out) {
    BlockAffinity a = Outputs.affinity(w, base, hostId, e);
    out.add(Outputs.block(w, base, a));
    return w.withBlock(base, a);
  }

  /** Hands out {@code ip}: held, out of quarantine, one more allocation on the quarantine clock. */
  private static NetworkState take(NetworkState w, long ip, String key, int q) {
    long count = w.allocationCount + 1;
    return w.withHolder(ip, key).withCounters(w.sequence + 1, count)
        .withQuarantine(w.quarantine.minus(ip).expire(count, q));
  }

  /** Takes {@code ip} back into quarantine. */
  private NetworkState give(NetworkState w, long ip) {
    return w.withoutHolder(ip).withQuarantine(w.quarantine.plus(ip, w.allocationCount));
  }

  private static String affinity(NetworkState w, long ip) {
    BlockAffinity a = w.blocks.get(w.blockOf(ip));
    return a == null ? null : a.getHostId();
  }
}
