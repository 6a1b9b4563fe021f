package io.netledger.mesh.topology;

import io.netledger.avro.HostStateSlice;
import io.netledger.avro.Rejection;

/** What the decision processor emits, split by kind to the host-state and rejected sinks. */
sealed interface MeshOutput {
  /** A host-state record; {@code slice} null is a tombstone. Keyed by the host-state key. */
  record Slice(HostStateSlice slice) implements MeshOutput {}

  /** An advert for netledger.network-peers.v1; {@code slice} null is a tombstone. Keyed {@code <networkId>/<hostId>}. */
  record NetworkPeer(HostStateSlice slice) implements MeshOutput {}

  /** A rejected input; keyed by the input's key. */
  record Rejected(Rejection rejection) implements MeshOutput {}
}
