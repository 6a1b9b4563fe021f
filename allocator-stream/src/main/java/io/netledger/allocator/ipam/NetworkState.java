package io.netledger.allocator.ipam;

import io.netledger.allocator.dns.DnsZone;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.NetworkCreated;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * One network's part of the image: its spec, blocks, held addresses, host addresses, quarantine,
 * counters and DNS zone. Immutable; every {@code with...} returns a new state sharing the
 * unchanged maps. Addresses are IPv4 values ({@link Ipv4#value()}).
 */
public final class NetworkState {
  final NetworkCreated spec;
  final Cidr cidr;
  final int blockLength;
  final long blockSize;
  final long firstIp;
  final long lastIp;
  final Set<Long> reserved;
  final long sequence;
  final long allocationCount;
  final PSortedMap<Long, BlockAffinity> blocks;
  final PSortedMap<String, PSortedSet<Long>> blocksByHost;
  final PSortedMap<Long, String> holders;
  final PSortedMap<String, Allocation> hostAddresses;
  final PSortedMap<String, Integer> liveByHost;
  final Quarantine quarantine;
  final DnsZone dns;

  private NetworkState(NetworkCreated spec, Cidr cidr, Set<Long> reserved, long sequence, long allocationCount,
      PSortedMap<Long, BlockAffinity> blocks, PSortedMap<String, PSortedSet<Long>> blocksByHost,
      PSortedMap<Long, String> holders, PSortedMap<String, Allocation> hostAddresses,
      PSortedMap<String, Integer> liveByHost, Quarantine quarantine, DnsZone dns) {
    this.spec = spec;
    this.cidr = cidr;
    this.blockLength = spec.getBlockPrefixLength();
    this.blockSize = 1L << (32 - blockLength);
    this.firstIp = cidr.first().value();
    this.lastIp = cidr.last().value();
    this.reserved = reserved;
    this.sequence = sequence;
    this.allocationCount = allocationCount;
    this.blocks = blocks;
    this.blocksByHost = blocksByHost;
    this.holders = holders;
    this.hostAddresses = hostAddresses;
    this.liveByHost = liveByHost;
    this.quarantine = quarantine;
    this.dns = dns;
  }

  /**
   * A new, empty network. Throws IllegalArgumentException naming the problem when the spec cannot
   * be allocated from (bad CIDR, block length outside 20..30 or shorter than the pool's, a reserved
   * address that is not an address of the pool).
   */
  public static NetworkState create(NetworkCreated spec) {
    Cidr cidr = Cidr.parse(spec.getCidr());
    int bl = spec.getBlockPrefixLength();
    if (bl < 20 || bl > 30 || bl < cidr.prefixLength()) {
      throw new IllegalArgumentException("blockPrefixLength " + bl + " must be within 20..30 and not shorter than "
          + cidr + "'s prefix");
    }
    Set<Long> reserved = new HashSet<>();
    for (String r : spec.getReservedIps()) {
      Ipv4 ip = Ipv4.parse(r);
      if (!cidr.contains(ip)) {
        throw new IllegalArgumentException("reserved address " + r + " is outside " + cidr);
      }
      reserved.add(ip.value());
    }
    return new NetworkState(spec, cidr, Set.copyOf(reserved), 0, 0, TreePMap.empty(), TreePMap.empty(),
        TreePMap.empty(), TreePMap.empty(), TreePMap.empty(), Quarantine.EMPTY, DnsZone.EMPTY);
  }

  // ---- queries ----

  public String id() {
    return spec.getNetworkId();
  }

  public NetworkCreated spec() {
    return spec;
  }

  public boolean isNetworkOrBroadcast(long ip) {
    return ip == firstIp || ip == lastIp;
  }

  public boolean isReserved(long ip) {
    return isNetworkOrBroadcast(ip) || reserved.contains(ip);
  }

  /** The key of the live allocation holding {@code ip}, or null. */
  public String holder(long ip) {
    return holders.get(ip);
  }

  /** True when {@code ip} may be handed out now (in the pool, not reserved, held or quarantined). */
  public boolean assignable(long ip, int q) {
    return ip >= firstIp && ip <= lastIp && !isReserved(ip) && !holders.containsKey(ip)
        && !quarantine.holds(ip, allocationCount, q);
  }

  /** The lowest assignable address in [from, to] other than {@code exclude}. */
  OptionalLong lowestAssignable(long from, long to, int q, long exclude) {
    // Walk the range and the held addresses in it side by side: one tree descent instead of one
    // lookup per address, which matters because a host's full blocks are walked on every start.
    Iterator<Long> held = holders.subMap(from, to + 1).keySet().iterator();
    long nextHeld = held.hasNext() ? held.next() : Long.MAX_VALUE;
    for (long ip = Math.max(from, firstIp); ip <= to && ip <= lastIp; ip++) {
      if (ip == nextHeld) {
        nextHeld = held.hasNext() ? held.next() : Long.MAX_VALUE;
        continue;
      }
      if (ip != exclude && !isReserved(ip) && !quarantine.holds(ip, allocationCount, q)) {
        return OptionalLong.of(ip);
      }
    }
    return OptionalLong.empty();
  }

  OptionalLong lowestAssignableInBlock(long base, int q, long exclude) {
    return lowestAssignable(base, base + blockSize - 1, q, exclude);
  }

  public long blockOf(long ip) {
    return ip & ~(blockSize - 1);
  }

  /** Free: no host has it and no live address lies in it. */
  public boolean blockFree(long base) {
    return !blocks.containsKey(base) && holders.subMap(base, base + blockSize).isEmpty();
  }

  /** The lowest free block with an address that could be handed out (other than {@code exclude}). */
  OptionalLong lowestFreeBlock(int q, long exclude) {
    // Claimed blocks are skipped by walking their sorted keys alongside, so a claim costs the
    // number of claimed blocks below the first free one in iterations, not tree lookups (a /12
    // pool has 65,536 /26 blocks).
    Iterator<Long> claimed = blocks.keySet().iterator();
    long nextClaimed = claimed.hasNext() ? claimed.next() : Long.MAX_VALUE;
    for (long base = firstIp; base <= lastIp; base += blockSize) {
      if (base == nextClaimed) {
        nextClaimed = claimed.hasNext() ? claimed.next() : Long.MAX_VALUE;
        continue;
      }
      if (holders.subMap(base, base + blockSize).isEmpty() && lowestAssignableInBlock(base, q, exclude).isPresent()) {
        return OptionalLong.of(base);
      }
    }
    return OptionalLong.empty();
  }

  /** Blocks affine to the host, ascending. */
  public PSortedSet<Long> blocksOf(String hostId) {
    return blocksByHost.getOrDefault(hostId, TreePSet.empty());
  }

  /** True when the host takes part in the network (has its host address). */
  public boolean participates(String hostId) {
    return hostAddresses.containsKey(hostId);
  }

  public int liveContainers(String hostId) {
    return liveByHost.getOrDefault(hostId, 0);
  }

  public boolean inUse() {
    return !holders.isEmpty();
  }

  public String cidrOfBlock(long base) {
    return new Ipv4(base) + "/" + blockLength;
  }

  public DnsZone dns() {
    return dns;
  }

  public long sequence() {
    return sequence;
  }

  public long allocationCount() {
    return allocationCount;
  }

  public Quarantine quarantine() {
    return quarantine;
  }

  public PSortedMap<Long, BlockAffinity> blocks() {
    return blocks;
  }

  public PSortedMap<String, Allocation> hostAddresses() {
    return hostAddresses;
  }

  public PSortedMap<Long, String> holders() {
    return holders;
  }

  // ---- changes ----

  NetworkState withCounters(long seq, long count) {
    return new NetworkState(spec, cidr, reserved, seq, count, blocks, blocksByHost, holders, hostAddresses,
        liveByHost, quarantine, dns);
  }

  NetworkState withQuarantine(Quarantine q) {
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks, blocksByHost, holders,
        hostAddresses, liveByHost, q, dns);
  }

  NetworkState withDns(DnsZone z) {
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks, blocksByHost, holders,
        hostAddresses, liveByHost, quarantine, z);
  }

  NetworkState withBlock(long base, BlockAffinity a) {
    PSortedMap<String, PSortedSet<Long>> byHost = blocksByHost;
    BlockAffinity old = blocks.get(base);
    if (old != null) {
      byHost = removeFromIndex(byHost, old.getHostId(), base);
    }
    byHost = byHost.plus(a.getHostId(), blocksOf(a.getHostId()).plus(base));
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks.plus(base, a), byHost,
        holders, hostAddresses, liveByHost, quarantine, dns);
  }

  NetworkState withoutBlock(long base) {
    BlockAffinity old = blocks.get(base);
    if (old == null) {
      return this;
    }
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks.minus(base),
        removeFromIndex(blocksByHost, old.getHostId(), base), holders, hostAddresses, liveByHost, quarantine, dns);
  }

  private static PSortedMap<String, PSortedSet<Long>> removeFromIndex(PSortedMap<String, PSortedSet<Long>> idx,
      String hostId, long base) {
    PSortedSet<Long> s = idx.getOrDefault(hostId, TreePSet.empty()).minus(base);
    return s.isEmpty() ? idx.minus(hostId) : idx.plus(hostId, s);
  }

  NetworkState withHolder(long ip, String key) {
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks, blocksByHost,
        holders.plus(ip, key), hostAddresses, liveByHost, quarantine, dns);
  }

  NetworkState withoutHolder(long ip) {
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks, blocksByHost,
        holders.minus(ip), hostAddresses, liveByHost, quarantine, dns);
  }

  NetworkState withHostAddress(String hostId, Allocation a) {
    PSortedMap<String, Allocation> h = a == null ? hostAddresses.minus(hostId) : hostAddresses.plus(hostId, a);
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks, blocksByHost, holders, h,
        liveByHost, quarantine, dns);
  }

  NetworkState withLive(String hostId, int n) {
    PSortedMap<String, Integer> l = n == 0 ? liveByHost.minus(hostId) : liveByHost.plus(hostId, n);
    return new NetworkState(spec, cidr, reserved, sequence, allocationCount, blocks, blocksByHost, holders,
        hostAddresses, l, quarantine, dns);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkState n && spec.equals(n.spec) && sequence == n.sequence
        && allocationCount == n.allocationCount && blocks.equals(n.blocks) && blocksByHost.equals(n.blocksByHost)
        && holders.equals(n.holders) && hostAddresses.equals(n.hostAddresses) && liveByHost.equals(n.liveByHost)
        && quarantine.equals(n.quarantine) && dns.equals(n.dns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spec, sequence, allocationCount, blocks, holders);
  }

  @Override
  public String toString() {
    return "NetworkState[" + id() + " " + cidr + ", seq=" + sequence + ", blocks=" + blocks.size() + ", held="
        + holders.size() + ", quarantined=" + quarantine.size() + ", names=" + dns.size() + "]";
  }
}
