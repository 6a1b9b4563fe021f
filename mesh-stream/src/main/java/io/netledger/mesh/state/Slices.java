package io.netledger.mesh.state;

import io.netledger.avro.Allocation;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import io.netledger.events.net.Macs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * How slices follow from facts: pure functions of {@link MeshFacts}, so the delta can compute a
 * scope's slices before and after a change and emit only the difference.
 */
public final class Slices {
  private Slices() {}

  /**
   * Routing table of a network, the same on every host: {@code 100000 + vni}. Derived from the
   * VNI (unique per network) so no table id has to be allocated or agreed on, and offset above the
   * tables the kernel and tools reserve (253-255, strongSwan's 220) so the agent recognises its own
   * tables after a restart (anything at or above 100000 is netledger's). 100000 + 16777215 still
   * fits the kernel's u32 table id.
   */
  static int routingTable(int vni) {
    return 100_000 + vni;
  }

  public static String networkKey(String hostId, String networkId) {
    return hostId + "/network/" + networkId;
  }

  public static String endpointKey(String hostId, String containerId) {
    return hostId + "/endpoint/" + containerId;
  }

  public static String peerKey(String hostId, String networkId, String peerHostId) {
    return hostId + "/peer/" + networkId + "/" + peerHostId;
  }

  /** Key of a host's advert on {@code netledger.network-peers.v1} ({@link PeerFanout#PER_NETWORK}). */
  public static String networkPeerKey(String networkId, String hostId) {
    return networkId + "/" + hostId;
  }

  /**
   * The host's own slices in one network, by key: its NetworkOnHost and one LocalEndpoint per
   * container it holds there. Empty while the host does not take part in the network.
   */
  static Map<String, SpecificRecord> own(MeshFacts f, Scope s) {
    Map<String, SpecificRecord> out = new TreeMap<>();
    if (!f.participates(s.networkId(), s.hostId())) {
      return out;
    }
    NetworkCreated n = f.networks.get(s.networkId());
    HostRegistered self = f.reachableHost(s.hostId());
    String tunnelIp = f.hostAllocation(s.networkId(), s.hostId()).getIp();
    // Constructors, not builders: builders deep-copy and validate every field, and these values are
    // built twice per touched scope on the hot path (see MeshDeltaBench).
    out.put(networkKey(s.hostId(), s.networkId()), new NetworkOnHost(n.getNetworkId(), n.getCidr(),
        n.getVni(), n.getMtu(), routingTable(n.getVni()), n.getEncryption(), n.getDnsDomain(), tunnelIp,
        Macs.fromIpv4(tunnelIp), n.getNatOutgoing(), self.getHostname(), new TreeMap<>(self.getLabels())));
    int poolPrefix = Cidr.parse(n.getCidr()).prefixLength();
    for (Allocation a : f.containerAllocations(s)) {
      out.put(endpointKey(s.hostId(), a.getOwnerId()), new LocalEndpoint(a.getOwnerId(), a.getNetworkId(),
          a.getName() != null ? a.getName() : a.getOwnerId(), a.getService(), a.getStack(), a.getNetns(),
          "eth0", a.getIp(), a.getPrefixLength() > 0 ? a.getPrefixLength() : poolPrefix,
          a.getMac() != null ? a.getMac() : Macs.fromIpv4(a.getIp()), tunnelIp, n.getMtu(), a.getPorts()));
    }
    return out;
  }

  /**
   * What the host advertises to the other hosts of the network (the same Peer value for every
   * receiver), or null while it does not take part. Borrowed addresses are the ones the host
   * and its containers hold inside blocks that are not affine to it (the allocator's
   * {@code borrowed} flag, or a block the mesh does not see as the host's: then the address is
   * routed as a /32 until its block claim arrives, whatever order the inputs come in).
   */
  static Peer advert(MeshFacts f, Scope s) {
    if (!f.participates(s.networkId(), s.hostId())) {
      return null;
    }
    HostRegistered h = f.reachableHost(s.hostId());
    String tunnelIp = f.hostAllocation(s.networkId(), s.hostId()).getIp();
    List<String> blocks = new ArrayList<>();
    List<Cidr> own = new ArrayList<>(f.blocksOf(s));
    for (Cidr c : own) {
      blocks.add(c.toString());
    }
    List<Ipv4> borrowed = new ArrayList<>();
    List<Allocation> held = new ArrayList<>(f.containerAllocations(s));
    // The host's own address too: when the pool forced it into another host's block, peers
    // need a /32 to reach the gateway and VTEP address like any borrowed container address.
    held.add(f.hostAllocation(s.networkId(), s.hostId()));
    for (Allocation a : held) {
      if (!a.getBorrowed() && blocks.contains(a.getBlockCidr())) {
        continue; // the common case, decided without parsing the address
      }
      Ipv4 ip = Ipv4.parse(a.getIp());
      if (a.getBorrowed() || own.stream().noneMatch(c -> c.contains(ip))) {
        borrowed.add(ip);
      }
    }
    borrowed.sort(null);
    List<String> borrowedText = new ArrayList<>(borrowed.size());
    for (Ipv4 ip : borrowed) {
      borrowedText.add(ip + "/32");
    }
    return new Peer(s.networkId(), s.hostId(), h.getUnderlayIp(), Macs.fromIpv4(tunnelIp), tunnelIp, blocks,
        borrowedText, h.getIkeIdentity(), h.getHostname(), new TreeMap<>(h.getLabels()));
  }
}
