package io.netledger.events.serde;

import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire format into a generated Avro class.
 *
 * <p>In: bytes as written by any Confluent-compatible Avro serializer. Out: an instance of the
 * reader class, resolved from the writer's schema (fetched by id, once) to the class's own, so a
 * record written with an older or newer compatible schema still reads. Null stays null
 * (tombstone). Everything else that cannot be read (wrong magic byte, unknown id, truncated or
 * garbage body) is a {@link SerializationException} naming the topic, so a stream app can route
 * the record to {@code netledger.rejected.v1}.
 */
public final class AvroDeserializer<V extends SpecificRecord> implements Deserializer<V> {
  private final Schema readerSchema;
  private final SchemaRegistry registry;
  private final Map<Integer, SpecificDatumReader<V>> readers = new ConcurrentHashMap<>();

  AvroDeserializer(Schema readerSchema, SchemaRegistry registry) {
    this.readerSchema = readerSchema;
    this.registry = registry;
  }

  @Override
  public V deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    int id = WireFormat.schemaId(topic, bytes);
    SpecificDatumReader<V> reader = readerFor(topic, id);
    BinaryDecoder decoder = DecoderFactory.get()
        .binaryDecoder(bytes, WireFormat.HEADER_LENGTH, bytes.length - WireFormat.HEADER_LENGTH, null);
    V value;
    try {
      value = reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode value on " + topic + " (" + bytes.length
          + " bytes, schema id " + id + ") as " + readerSchema.getFullName() + ": " + inWords(e), e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new SerializationException("value on " + topic + " (schema id " + id + ") has bytes left"
            + " after a whole " + readerSchema.getFullName() + ": corrupt or written with another schema");
      }
    } catch (IOException e) {
      throw new SerializationException("cannot decode value on " + topic + ": " + e, e);
    }
    return value;
  }

  /** Why a body did not decode, in words rather than an exception class name. */
  static String inWords(Exception e) {
    if (e instanceof java.io.EOFException) {
      return "the bytes end before a whole record (truncated)";
    }
    if (e instanceof IOException) {
      return "the bytes could not be read (" + e.getMessage() + ")";
    }
    if (e instanceof org.apache.avro.AvroTypeException || e instanceof ClassCastException) {
      return "the writer's schema does not match this record type";
    }
    if (e instanceof IndexOutOfBoundsException || e instanceof NegativeArraySizeException) {
      return "a length or union index in the bytes is out of range (corrupt, or written with another schema)";
    }
    return "the bytes do not follow the schema (corrupt, or written with another schema)";
  }

  private SpecificDatumReader<V> readerFor(String topic, int id) {
    SpecificDatumReader<V> reader = readers.get(id);
    if (reader != null) {
      return reader;
    }
    Schema writer;
    try {
      writer = registry.byId(id);
    } catch (SchemaRegistryException e) {
      throw new SerializationException("value on " + topic + " names schema id " + id
          + " which the registry cannot give: " + e.getMessage(), e);
    }
    reader = new SpecificDatumReader<>(writer, readerSchema);
    readers.put(id, reader);
    return reader;
  }
}
