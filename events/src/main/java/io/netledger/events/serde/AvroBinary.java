package io.netledger.events.serde;

import io.netledger.events.topic.Topic;
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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Plain Avro binary (no registry, no framing) of generated records: what the stream apps' own
 * image stores hold (the writer's schema is known from the class, so no schema id is needed), and
 * a stand-in for the registry serde in tests. Topics between modules use the Confluent wire format
 * instead (schema id in front), through {@link TopicSerdes}. Null maps to null, so tombstones pass.
 *
 * <p>Decoding generated classes needs {@code org.apache.avro.SERIALIZABLE_PACKAGES} to include
 * {@code io.netledger} (Avro 1.12 refuses other classes).
 */
public final class AvroBinary {
  private AvroBinary() {}

  public static <V extends SpecificRecord> byte[] encode(V value) {
    if (value == null) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<V>(value.getSchema()).write(value, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes {@code bytes} as one {@code type}; a SerializationException when they are not exactly one. */
  public static <V extends SpecificRecord> V decode(byte[] bytes, Class<V> type) {
    if (bytes == null) {
      return null;
    }
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
      V v = new SpecificDatumReader<>(type).read(null, decoder);
      if (!decoder.isEnd()) {
        throw new IOException(bytes.length + " bytes hold more than one " + type.getSimpleName());
      }
      return v;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("not a " + type.getSimpleName() + " in Avro binary: " + e, e);
    }
  }

  /** A serde of one generated class; null stays null (tombstones). */
  public static <V extends SpecificRecord> Serde<V> serde(Class<V> type) {
    return Serdes.serdeFrom((topic, value) -> encode(value), (topic, bytes) -> decode(bytes, type));
  }

  /** Test and tool stand-in for the registry: plain Avro binary for every topic. */
  public static TopicSerdes topicSerdes() {
    return new TopicSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
        return serde(topic.valueType());
      }
    };
  }
}
