package io.netledger.mesh.state;

/**
 * How the mesh delivers a host's Peer advert to the other hosts of a network.
 *
 * <ul>
 *   <li>{@link #PER_HOST}: one {@code <receiver>/peer/<network>/<advertiser>} slice on every
 *       receiver's host-state partition. An advert change writes participants − 1 records and a
 *       host joining a network 2·(participants − 1) + 1: hosts² records over a network's life.
 *   <li>{@link #PER_NETWORK}: one {@code <network>/<advertiser>} record on
 *       {@code netledger.network-peers.v1} per change (rendered once, fanned out by the log:
 *       every agent reads that topic, as it reads dns-records), so a container start writes O(1)
 *       records however many hosts take part, and no record grows with the number of hosts.
 * </ul>
 */
public enum PeerFanout {
  PER_HOST,
  PER_NETWORK
}
