package io.netledger.allocator.ipam;

import io.netledger.allocator.state.WaitingStartRecord;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.InputCoordinates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A container start that failed only because its network or host was not known yet. The inputs
 * reach the allocator through one decision-order topic fed by one Streams task per input
 * partition, so a NetworkCreated published before a ContainerStarted can be decided after it;
 * the start is therefore kept, whole, and decided again (with its own cause) when the missing
 * fact arrives.
 *
 * @param order position among the waiting starts (late decisions follow it)
 * @param input the start exactly as it was replayed (cause, occurredAt, key, envelope)
 */
public record WaitingStart(long order, InputEvent input) {
  public ContainerStarted start() {
    return (ContainerStarted) ((ContainerEvent) input.envelope()).getPayload();
  }

  /** True when both the network and the host it waits for are known. */
  boolean ready(AllocatorDelta d) {
    ContainerStarted s = start();
    return d.network(s.getNetworkId()) != null && d.hasHost(s.getHostId());
  }

  WaitingStartRecord toRecord() {
    InputCoordinates c = input.cause();
    return new WaitingStartRecord(order, input.key(), c.getTopic(), c.getPartition(), c.getOffset(), c.getEventId(),
        input.occurredAt(), ByteBuffer.wrap(encode((ContainerEvent) input.envelope())));
  }

  static WaitingStart fromRecord(WaitingStartRecord r) {
    InputCoordinates cause = new InputCoordinates(r.getTopic(), r.getPartition(), r.getOffset(), r.getEventId());
    ByteBuffer b = r.getEnvelope().duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return new WaitingStart(r.getOrder(), new InputEvent(cause, r.getOccurredAt(), r.getKey(), decode(bytes)));
  }

  private static byte[] encode(ContainerEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(ContainerEvent.class).write(e, enc);
      enc.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  private static ContainerEvent decode(byte[] bytes) {
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
    try {
      return new SpecificDatumReader<>(ContainerEvent.class).read(null, dec);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
