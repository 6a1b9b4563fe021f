package io.netledger.events.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: byte 0 is the magic byte {@code 0}, bytes 1..4 the schema id (big
 * endian), then the Avro binary encoding of the value. Any Confluent-compatible consumer reads
 * what we write, and we read theirs.
 */
public final class WireFormat {
  public static final byte MAGIC = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** The schema id in {@code bytes}' header; throws when the header is missing or wrong. */
  public static int schemaId(String topic, byte[] bytes) {
    if (bytes.length < HEADER_LENGTH) {
      throw new SerializationException("value on " + topic + " is " + bytes.length
          + " bytes, shorter than the " + HEADER_LENGTH + "-byte Confluent header (magic byte + schema id)");
    }
    if (bytes[0] != MAGIC) {
      throw new SerializationException(String.format(
          "value on %s starts with byte 0x%02x, not the Confluent magic byte 0x00: not written by an"
              + " Avro serde with a schema registry", topic, bytes[0] & 0xff));
    }
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }

  /** A header for {@code schemaId}, to which the Avro body is appended. */
  static byte[] header(int schemaId) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putInt(schemaId).array();
  }
}
