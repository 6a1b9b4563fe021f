package io.netledger.agent.calc;

import io.netledger.avro.HostStateSlice;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the adverts of {@code netledger.network-peers.v1} (one Peer slice per network and
 * advertising host, written once per change by a mesh with {@code peers=per-network}) into the
 * per-host Peer slices {@code <hostId>/peer/<networkId>/<peerHostId>} that a per-host mesh writes
 * on this host's partition, so {@link DesiredState}, {@link SliceCheck} and the tunnel plan are
 * computed exactly as before. In: adverts ({@link #onAdvert}) and this host's own host-state
 * records ({@link #onHostState}: its NetworkOnHost slices say which networks it takes part in).
 * Out: the host-state updates to replay (null slice = remove), in key order. An advert is passed
 * on only while the host takes part in its network, never the host's own; the topics are read
 * without order between them, so whichever arrives last releases the updates.
 *
 * <p>A passed-on slice keeps the advert's cause and time but generation 0: generations count
 * this host's own records, which the advert is not (it must not move the applied generation).
 * Not thread-safe; the agent loop's thread only.
 */
public final class NetworkPeers {
  /** One host-state update: the per-host key and its slice, or null to remove it. */
  public record Update(String key, HostStateSlice slice) {}

  private final String hostId;
  /** networkId → advertising hostId → advert. */
  private final Map<String, Map<String, HostStateSlice>> adverts = new HashMap<>();
  private final Map<String, Boolean> member = new HashMap<>();

  public NetworkPeers(String hostId) {
    this.hostId = hostId;
  }

  /** A record of network-peers ({@code <networkId>/<hostId>}, null = tombstone); a key without '/' is ignored. */
  public List<Update> onAdvert(String key, HostStateSlice advert) {
    int slash = key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      return List.of();
    }
    String networkId = key.substring(0, slash);
    String peerHost = key.substring(slash + 1);
    if (advert == null) {
      Map<String, HostStateSlice> of = adverts.get(networkId);
      if (of == null || of.remove(peerHost) == null) {
        return List.of();
      }
    } else {
      adverts.computeIfAbsent(networkId, n -> new HashMap<>()).put(peerHost, advert);
    }
    if (peerHost.equals(hostId) || !member.getOrDefault(networkId, false)) {
      return List.of();
    }
    return List.of(new Update(perHostKey(networkId, peerHost), advert == null ? null : passOn(advert)));
  }

  /** A record of this host's own partition; joining or leaving a network passes on or removes its peers. */
  public List<Update> onHostState(String key, HostStateSlice slice) {
    String prefix = hostId + "/network/";
    if (!key.startsWith(prefix)) {
      return List.of();
    }
    String networkId = key.substring(prefix.length());
    boolean now = slice != null && slice.getSlice() instanceof NetworkOnHost;
    boolean was = member.getOrDefault(networkId, false);
    if (now == was) {
      return List.of();
    }
    member.put(networkId, now);
    Map<String, Update> out = new TreeMap<>();
    adverts.getOrDefault(networkId, Map.of()).forEach((peerHost, advert) -> {
      if (!peerHost.equals(hostId)) {
        String k = perHostKey(networkId, peerHost);
        out.put(k, new Update(k, now ? passOn(advert) : null));
      }
    });
    return new ArrayList<>(out.values());
  }

  private String perHostKey(String networkId, String peerHost) {
    return hostId + "/peer/" + networkId + "/" + peerHost;
  }

  private HostStateSlice passOn(HostStateSlice advert) {
    Object peer = advert.getSlice();
    return new HostStateSlice(hostId, 0L, advert.getOccurredAt(), advert.getCause(),
        peer instanceof Peer p ? Peer.newBuilder(p).build() : peer);
  }
}
