package io.netledger.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;

/**
 * Random but schema-valid values of a generated class, reproducible by seed. Avro's RandomData
 * makes generic records; they pass through binary into the generated class so logical types
 * (Instant) come out as the class declares them.
 */
public final class Samples {
  private Samples() {}

  public static <V extends SpecificRecord> List<V> of(Class<V> type, int count, long seed) {
    Schema schema = SpecificData.get().getSchema(type);
    GenericDatumWriter<Object> writer = new GenericDatumWriter<>(schema);
    SpecificDatumReader<V> reader = new SpecificDatumReader<>(schema);
    List<V> values = new ArrayList<>();
    for (Object generic : new RandomData(schema, count, seed)) {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(generic, encoder);
        encoder.flush();
        values.add(reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return values;
  }
}
