package io.netledger.mesh.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Plain Avro binary (no registry, no framing) for generated classes: what the mesh's own image
 * store holds, and a stand-in for the registry serde in tests. Topics between modules use the
 * Confluent wire format instead (schema id in front), through {@link TopicSerdes}.
 *
 * <p>Decoding generated classes needs {@code org.apache.avro.SERIALIZABLE_PACKAGES} to include
 * {@code io.netledger} (Avro 1.12 refuses other classes); {@link MeshTopology#allowAvroClasses()}
 * sets it.
 */
public final class AvroBinary {
  private AvroBinary() {}

  public static <V extends SpecificRecord> byte[] encode(V value) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<V>(value.getSchema()).write(value, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes {@code bytes} as {@code type}; a SerializationException when they are not one. */
  public static <V extends SpecificRecord> V decode(byte[] bytes, Class<V> type) {
    try {
      return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("not a " + type.getSimpleName() + " in Avro binary: " + e, e);
    }
  }

  /** A serde of one generated class; null stays null (tombstones). */
  public static <V extends SpecificRecord> Serde<V> serde(Class<V> type) {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : encode(value),
        (topic, bytes) -> bytes == null ? null : decode(bytes, type));
  }

  /** Test and tool stand-in for the registry: plain Avro binary for every topic. */
  public static TopicSerdes topicSerdes() {
    return new TopicSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> valueSerde(io.netledger.events.topic.Topic<V> topic) {
        return serde(topic.valueType());
      }
    };
  }
}
