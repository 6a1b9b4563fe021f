package io.netledger.events.serde;

import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.topic.Topic;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serde of a netledger topic: Confluent wire format, schemas in a registry.
 *
 * <p>{@link #forTopic} writes every value under the catalogue topic's subject
 * ({@code <topic>-value}) whatever Kafka topic the bytes go to: a Streams changelog or
 * repartition topic carries the same type, and giving each its own subject would need
 * auto-registration in production. {@link #forType} follows Confluent's TopicNameStrategy
 * literally (subject from the Kafka topic actually written).
 *
 * <p>Both halves are thread-safe; {@code configure}/{@code close} do nothing (everything comes
 * through the factory).
 */
public final class AvroSerde<V extends SpecificRecord> implements Serde<V> {
  private final AvroSerializer<V> serializer;
  private final AvroDeserializer<V> deserializer;

  private AvroSerde(Schema schema, SchemaRegistry registry, boolean autoRegister,
      UnaryOperator<String> subjectOf) {
    Objects.requireNonNull(registry, "registry");
    this.serializer = new AvroSerializer<>(schema, registry, autoRegister, subjectOf);
    this.deserializer = new AvroDeserializer<>(schema, registry);
  }

  /**
   * The serde of {@code topic}'s values.
   *
   * @param autoRegister register the class's schema on first use (dev, tests); when false the
   *     schema must already be in the registry under the subject, else the first send fails
   */
  public static <V extends SpecificRecord> AvroSerde<V> forTopic(
      Topic<V> topic, SchemaRegistry registry, boolean autoRegister) {
    String subject = topic.valueSubject();
    return new AvroSerde<>(topic.valueSchema(), registry, autoRegister, kafkaTopic -> subject);
  }

  /** A serde of {@code type} whose subject is {@code <kafka topic>-value} of each write. */
  public static <V extends SpecificRecord> AvroSerde<V> forType(
      Class<V> type, SchemaRegistry registry, boolean autoRegister) {
    Schema schema = SpecificData.get().getSchema(type);
    return new AvroSerde<>(schema, registry, autoRegister, kafkaTopic -> kafkaTopic + "-value");
  }

  @Override
  public AvroSerializer<V> serializer() {
    return serializer;
  }

  @Override
  public AvroDeserializer<V> deserializer() {
    return deserializer;
  }
}
