package io.netledger.allocator.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary (no registry framing) of generated records: the allocator's own store values
 * are written with the writer's schema known from the class, so no schema id is needed there.
 * Null maps to null, so tombstones pass through.
 */
public final class AvroBinary {
  private AvroBinary() {}

  public static <V extends SpecificRecord> byte[] encode(V value) {
    if (value == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    SpecificDatumWriter<V> writer = new SpecificDatumWriter<>((Class<V>) value.getClass());
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(value, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Decodes; throws (an Avro or IO exception) when the bytes are not a {@code type}. */
  public static <V extends SpecificRecord> V decode(Class<V> type, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    SpecificDatumReader<V> reader = new SpecificDatumReader<>(type);
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
    try {
      V v = reader.read(null, dec);
      if (!dec.isEnd()) {
        throw new IOException(bytes.length + " bytes hold more than one " + type.getSimpleName());
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <V extends SpecificRecord> Serde<V> serde(Class<V> type) {
    Serializer<V> ser = (topic, v) -> encode(v);
    Deserializer<V> de = (topic, bytes) -> decode(type, bytes);
    return Serdes.serdeFrom(ser, de);
  }
}
