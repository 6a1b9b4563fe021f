/**
 * The serde of every netledger value: Confluent wire format (magic byte 0, 4-byte schema id,
 * Avro binary), schemas kept in a registry under {@code <topic>-value}.
 *
 * <pre>{@code
 * SchemaRegistry registry = RegistryConfig.connect(cluster.registryUrl());
 * AvroSerde<ContainerEvent> serde = AvroSerde.forTopic(Topics.CONTAINERS, registry, true);
 * byte[] bytes = serde.serializer().serialize(Topics.CONTAINERS.name(), event);
 * ContainerEvent back = serde.deserializer().deserialize(Topics.CONTAINERS.name(), bytes);
 * // in a topology: builder.stream(Topics.CONTAINERS.name(), Consumed.with(Serdes.String(), serde))
 * }</pre>
 *
 * <p>Undecodable bytes throw {@link org.apache.kafka.common.errors.SerializationException};
 * {@code null} bytes are tombstones and decode to {@code null}.
 */
package io.netledger.events.serde;
