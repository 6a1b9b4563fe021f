package io.netledger.mesh.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An input record on its way through the mesh's single-partition repartition topic: where it was
 * read (so slices and rejections name the real input, not the repartition topic) and its value
 * bytes still undecoded (so an undecodable input is rejected with its bytes, never lost).
 */
public record MeshInput(String topic, int partition, long offset, long timestamp, byte[] value) {
  static final Schema SCHEMA = SchemaBuilder.record("MeshInput").namespace("io.netledger.mesh.topology")
      .doc("Internal to mesh-stream: an input record with its coordinates, value undecoded.")
      .fields()
      .requiredString("topic")
      .requiredInt("partition")
      .requiredLong("offset")
      .requiredLong("timestamp")
      .optionalBytes("value")
      .endRecord();

  /** Avro binary of {@link #SCHEMA}: the repartition topic is internal, so no registry is involved. */
  static Serde<MeshInput> serde() {
    return Serdes.serdeFrom((topic, in) -> in == null ? null : encode(in),
        (topic, bytes) -> bytes == null ? null : decode(bytes));
  }

  static byte[] encode(MeshInput in) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("topic", in.topic);
    r.put("partition", in.partition);
    r.put("offset", in.offset);
    r.put("timestamp", in.timestamp);
    r.put("value", in.value == null ? null : ByteBuffer.wrap(in.value));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (in.value == null ? 0 : in.value.length));
      BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(SCHEMA).write(r, e);
      e.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new SerializationException(e);
    }
  }

  static MeshInput decode(byte[] bytes) {
    try {
      GenericRecord r = new GenericDatumReader<GenericRecord>(SCHEMA).read(null,
          DecoderFactory.get().binaryDecoder(bytes, null));
      ByteBuffer v = (ByteBuffer) r.get("value");
      byte[] value = null;
      if (v != null) {
        value = new byte[v.remaining()];
        v.get(value);
      }
      return new MeshInput(r.get("topic").toString(), (Integer) r.get("partition"), (Long) r.get("offset"),
          (Long) r.get("timestamp"), value);
    } catch (IOException e) {
      throw new SerializationException(e);
    }
  }
}
