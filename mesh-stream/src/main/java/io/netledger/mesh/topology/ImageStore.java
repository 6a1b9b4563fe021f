package io.netledger.mesh.topology;

import io.netledger.events.serde.AvroBinary;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.mesh.state.ImageRecord;
import java.nio.ByteBuffer;

/**
 * How {@link ImageRecord}s sit in the mesh's key-value store: the store key says the kind
 * ({@code network/}, {@code host/}, {@code allocation/}, {@code block/}, {@code generation/}), the
 * value is the record in plain Avro binary (a generation: 8 bytes, big-endian). One entry per
 * fact, so each input changes a few entries instead of rewriting the image.
 */
final class ImageStore {
  private ImageStore() {}

  static byte[] encode(ImageRecord r) {
    if (r instanceof ImageRecord.Network n) {
      return AvroBinary.encode(n.value());
    } else if (r instanceof ImageRecord.Host h) {
      return AvroBinary.encode(h.value());
    } else if (r instanceof ImageRecord.HeldAddress a) {
      return AvroBinary.encode(a.value());
    } else if (r instanceof ImageRecord.Block b) {
      return AvroBinary.encode(b.value());
    } else if (r instanceof ImageRecord.Generation g) {
      return ByteBuffer.allocate(Long.BYTES).putLong(g.generation()).array();
    }
    throw new IllegalArgumentException("unknown image record " + r);
  }

  static ImageRecord decode(String storeKey, byte[] value) {
    int slash = storeKey.indexOf('/');
    String id = storeKey.substring(slash + 1);
    switch (storeKey.substring(0, slash)) {
      case "network":
        return new ImageRecord.Network(AvroBinary.decode(value, NetworkCreated.class));
      case "host":
        return new ImageRecord.Host(AvroBinary.decode(value, HostRegistered.class));
      case "allocation":
        return new ImageRecord.HeldAddress(id, AvroBinary.decode(value, Allocation.class));
      case "block":
        return new ImageRecord.Block(id, AvroBinary.decode(value, BlockAffinity.class));
      case "generation":
        return new ImageRecord.Generation(id, ByteBuffer.wrap(value).getLong());
      default:
        throw new IllegalArgumentException("not an image store key: " + storeKey);
    }
  }
}
