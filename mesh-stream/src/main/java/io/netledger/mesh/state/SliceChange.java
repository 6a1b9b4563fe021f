package io.netledger.mesh.state;

import io.netledger.avro.HostStateSlice;

/**
 * One record for {@code netledger.host-state.v1}: its key {@code <hostId>/<kind>/<id>}, the host
 * whose partition it goes to ({@code HostPartitioner.partitionFor(hostId, n)}), and the slice, or
 * {@code null} for a tombstone (the slice is gone; the host's generation still advanced).
 */
public record SliceChange(String key, String hostId, HostStateSlice slice) {
  public boolean tombstone() {
    return slice == null;
  }
}
