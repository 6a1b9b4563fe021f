package io.netledger.events.serde;

import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record in Confluent wire format under the schema of its class.
 *
 * <p>In: a topic name and a record (null stays null: a tombstone). Out: magic byte, the schema id
 * the registry holds for the subject, the Avro binary body. The id is fetched once per subject;
 * with auto-registration off a schema missing from the registry fails the first send with the
 * registry's answer, which is what production wants (schemas are registered by a deploy step,
 * not by whichever producer comes first).
 */
public final class AvroSerializer<V extends SpecificRecord> implements Serializer<V> {
  private final Schema schema;
  private final SchemaRegistry registry;
  private final boolean autoRegister;
  private final UnaryOperator<String> subjectOf;
  private final SpecificDatumWriter<V> writer;
  private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();

  AvroSerializer(Schema schema, SchemaRegistry registry, boolean autoRegister,
      UnaryOperator<String> subjectOf) {
    this.schema = schema;
    this.registry = registry;
    this.autoRegister = autoRegister;
    this.subjectOf = subjectOf;
    this.writer = new SpecificDatumWriter<>(schema);
  }

  @Override
  public byte[] serialize(String topic, V data) {
    if (data == null) {
      return null;
    }
    int id = schemaId(subjectOf.apply(topic));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(WireFormat.header(id));
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      writer.write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot encode " + schema.getFullName() + " for " + topic
          + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** The id written for {@code subject}, registering or looking it up on first use. */
  public int schemaId(String subject) {
    Integer id = idBySubject.get(subject);
    if (id != null) {
      return id;
    }
    try {
      id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
    } catch (SchemaRegistryException e) {
      String hint = autoRegister ? "" : e.isNotFound()
          ? " (auto-registration is off: register the schema under " + subject + " first)" : "";
      throw new SerializationException("no schema id for " + schema.getFullName() + " under subject "
          + subject + hint + ": " + e.getMessage(), e);
    }
    idBySubject.put(subject, id);
    return id;
  }
}
