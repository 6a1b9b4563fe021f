package io.netledger.agent.ipsec;

import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: the IKE connections a host needs, from its host-state slices. One connection per peer
 * host that shares at least one encrypted network with this host (the peer set of the mesh,
 * restricted to encrypted networks); a peer without a published IKE identity cannot be
 * authenticated and is listed in {@link #problems()} instead (fail closed: no tunnel, no traffic).
 */
public record TunnelPlan(Set<String> encryptedNetworks, List<Tunnel> tunnels, List<String> problems) {
  public static final TunnelPlan EMPTY = new TunnelPlan(Set.of(), List.of(), List.of());

  public TunnelPlan {
    encryptedNetworks = Set.copyOf(encryptedNetworks);
    tunnels = List.copyOf(tunnels);
    problems = List.copyOf(problems);
  }

  public static TunnelPlan from(String hostId, String underlayIp, Collection<HostStateSlice> slices) {
    Set<String> encrypted = new TreeSet<>();
    for (HostStateSlice s : slices) {
      if (hostId.equals(s.getHostId()) && s.getSlice() instanceof NetworkOnHost n
          && n.getEncryption() == Encryption.IPSEC) {
        encrypted.add(n.getNetworkId());
      }
    }
    Map<String, Tunnel> byPeer = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (HostStateSlice s : slices) {
      if (!hostId.equals(s.getHostId()) || !(s.getSlice() instanceof Peer p)
          || !encrypted.contains(p.getNetworkId()) || byPeer.containsKey(p.getHostId())) {
        continue;
      }
      if (p.getIkeIdentity() == null || p.getIkeIdentity().isBlank()) {
        problems.add("peer " + p.getHostId() + " of encrypted network " + p.getNetworkId()
            + " has no IKE identity: no tunnel to it");
        continue;
      }
      List<String> wrong = io.netledger.agent.calc.SliceCheck.problems(s);
      if (!wrong.isEmpty()) {
        // Its identity or addresses go into swanctl.conf: nothing of a refused slice does.
        problems.add("peer " + p.getHostId() + " of encrypted network " + p.getNetworkId()
            + " refused: " + String.join("; ", wrong) + ": no tunnel to it");
        continue;
      }
      byPeer.put(p.getHostId(), new Tunnel(Tunnel.nameFor(p.getHostId()), p.getHostId(), underlayIp,
          p.getUnderlayIp(), TunnelAddress.of(underlayIp), TunnelAddress.of(p.getUnderlayIp()),
          p.getIkeIdentity(), hostId.compareTo(p.getHostId()) < 0));
    }
    return new TunnelPlan(encrypted, new ArrayList<>(byPeer.values()), problems);
  }

  /** Whether this host needs a charon at all: it is in an encrypted network (even with no peer yet, to answer). */
  public boolean needsCharon() {
    return !encryptedNetworks.isEmpty();
  }
}
