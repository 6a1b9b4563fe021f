package io.netledger.mesh.state;

import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;

/**
 * One fact of a {@link MeshImage}, as stored (for instance in a Streams key-value store, one
 * entry per {@link #storeKey()}): {@link MeshImage#toRecords()} renders an image into these and
 * {@link MeshImage#fromRecords} rebuilds an equal image from them. Store keys are prefixed by kind
 * so one store holds them all and a key never collides across kinds.
 */
public sealed interface ImageRecord {
  String storeKey();

  /** A network the mesh knows. */
  record Network(NetworkCreated value) implements ImageRecord {
    public String storeKey() {
      return "network/" + value.getNetworkId();
    }
  }

  /** A registered host. */
  record Host(HostRegistered value) implements ImageRecord {
    public String storeKey() {
      return "host/" + value.getHostId();
    }
  }

  /** A held address under its allocations-topic key. */
  record HeldAddress(String key, Allocation value) implements ImageRecord {
    public String storeKey() {
      return "allocation/" + key;
    }
  }

  /** A block claim under its ipam-blocks-topic key. */
  record Block(String key, BlockAffinity value) implements ImageRecord {
    public String storeKey() {
      return "block/" + key;
    }
  }

  /** The last generation written for a host (kept after the host is gone, so it never goes back). */
  record Generation(String hostId, long generation) implements ImageRecord {
    public String storeKey() {
      return "generation/" + hostId;
    }
  }
}
