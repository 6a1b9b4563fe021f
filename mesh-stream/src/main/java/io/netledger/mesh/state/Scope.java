package io.netledger.mesh.state;

/**
 * One host in one network: the unit the mesh recomputes. Everything a change can alter is
 * derived from the facts of some scopes (the host's own network slice and endpoints there, what
 * it advertises to the network's other hosts, and whether it takes part at all).
 */
record Scope(String networkId, String hostId) implements Comparable<Scope> {
  @Override
  public int compareTo(Scope o) {
    int c = networkId.compareTo(o.networkId);
    return c != 0 ? c : hostId.compareTo(o.hostId);
  }
}
