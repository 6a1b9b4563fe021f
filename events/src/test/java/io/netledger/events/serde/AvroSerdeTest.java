package io.netledger.events.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.HostEvent;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.registry.InMemorySchemaRegistry;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void everyCatalogueTypeRoundTripsWithTheRegistryIdInItsHeader() {
    for (Topic<?> topic : Topics.all()) {
      roundTrip(topic);
    }
    assertEquals(Topics.all().size(), registry.subjects().size());
  }

  private <V extends SpecificRecord> void roundTrip(Topic<V> topic) {
    AvroSerde<V> serde = AvroSerde.forTopic(topic, registry, true);
    for (V value : SampleValues.of(topic.valueType(), 50, topic.name().hashCode())) {
      byte[] bytes = serde.serializer().serialize(topic.name(), value);
      assertEquals(0, bytes[0], topic.name());
      assertEquals(registry.lookup(topic.valueSubject(), topic.valueSchema()),
          ByteBuffer.wrap(bytes, 1, 4).getInt(), topic.name());
      assertEquals(value, serde.deserializer().deserialize(topic.name(), bytes), topic.name());
    }
  }

  @Test
  void tombstonesStayNull() {
    AvroSerde<ContainerEvent> serde = AvroSerde.forTopic(Topics.CONTAINERS, registry, true);
    assertNull(serde.serializer().serialize(Topics.CONTAINERS.name(), null));
    assertNull(serde.deserializer().deserialize(Topics.CONTAINERS.name(), null));
  }

  @Test
  void changelogAndRepartitionTopicsShareTheCatalogueSubject() {
    AvroSerde<HostEvent> serde = AvroSerde.forTopic(Topics.HOSTS, registry, true);
    HostEvent event = SampleValues.of(HostEvent.class, 1, 1).get(0);
    serde.serializer().serialize("allocator-hosts-changelog", event);
    assertEquals(List.of(Topics.HOSTS.valueSubject()), List.copyOf(registry.subjects().keySet()));
  }

  @Test
  void forTypeFollowsTheKafkaTopicName() {
    AvroSerde<HostEvent> serde = AvroSerde.forType(HostEvent.class, registry, true);
    serde.serializer().serialize("elsewhere", SampleValues.of(HostEvent.class, 1, 1).get(0));
    assertEquals(List.of("elsewhere-value"), List.copyOf(registry.subjects().keySet()));
  }

  @Test
  void withoutAutoRegistrationAMissingSchemaFailsNamingTheSubject() {
    AvroSerde<NetworkEvent> serde = AvroSerde.forTopic(Topics.NETWORKS, registry, false);
    NetworkEvent event = SampleValues.of(NetworkEvent.class, 1, 2).get(0);
    SerializationException e = assertThrows(SerializationException.class,
        () -> serde.serializer().serialize(Topics.NETWORKS.name(), event));
    assertTrue(e.getMessage().contains("netledger.networks.v1-value"), e.getMessage());
    assertTrue(e.getMessage().contains("auto-registration is off"), e.getMessage());

    int id = registry.register(Topics.NETWORKS.valueSubject(), Topics.NETWORKS.valueSchema());
    byte[] bytes = serde.serializer().serialize(Topics.NETWORKS.name(), event);
    assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
  }

  @Test
  void wrongMagicByteUnknownIdAndTruncatedBytesAreSerializationExceptions() {
    AvroSerde<ContainerEvent> serde = AvroSerde.forTopic(Topics.CONTAINERS, registry, true);
    String topic = Topics.CONTAINERS.name();
    byte[] good = serde.serializer().serialize(topic, SampleValues.of(ContainerEvent.class, 1, 3).get(0));

    byte[] badMagic = good.clone();
    badMagic[0] = 7;
    assertMessage(serde, badMagic, "magic byte");

    byte[] unknownId = good.clone();
    ByteBuffer.wrap(unknownId).putInt(1, 4242);
    assertMessage(serde, unknownId, "schema id 4242");

    assertMessage(serde, new byte[] {0, 0, 0}, "shorter than");
    assertMessage(serde, Arrays.copyOf(good, good.length - 3), "cannot decode");
    byte[] trailing = Arrays.copyOf(good, good.length + 2);
    assertMessage(serde, trailing, "bytes left");
  }

  private static void assertMessage(AvroSerde<ContainerEvent> serde, byte[] bytes, String fragment) {
    SerializationException e = assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize(Topics.CONTAINERS.name(), bytes));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().contains(Topics.CONTAINERS.name()), e.getMessage());
  }

  /** A record written before two defaulted fields existed reads with their defaults. */
  @Test
  void resolvesAnOlderWriterSchemaAgainstTheGeneratedClass() throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(NetworkEvent.getClassSchema().toString());
    ArrayNode payloadTypes = (ArrayNode) json.path("fields").get(3).path("type");
    ArrayNode createdFields = (ArrayNode) payloadTypes.get(0).path("fields");
    for (int i = createdFields.size() - 1; i >= 0; i--) {
      String name = createdFields.get(i).path("name").asText();
      if (name.equals("dnsTtlSeconds") || name.equals("reservedIps")) {
        createdFields.remove(i);
      }
    }
    Schema older = new Schema.Parser().parse(json.toString());
    int id = registry.register("old", older);

    NetworkEvent current = new NetworkEvent("e1", Instant.ofEpochMilli(1_700_000_000_000L), "test",
        NetworkCreated.newBuilder().setNetworkId("n1").setName("managed").setCidr("10.42.0.0/16")
            .setVni(42).setDnsTtlSeconds(5).setReservedIps(List.of("10.42.0.9")).build());
    // Down-convert to the older shape the way an old producer would have written it.
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
    new SpecificDatumWriter<NetworkEvent>(NetworkEvent.getClassSchema()).write(current, encoder);
    encoder.flush();
    GenericRecord old = new GenericDatumReader<GenericRecord>(NetworkEvent.getClassSchema(), older)
        .read(null, DecoderFactory.get().binaryDecoder(body.toByteArray(), null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(WireFormat.header(id));
    encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(older).write(old, encoder);
    encoder.flush();

    NetworkEvent read = AvroSerde.forTopic(Topics.NETWORKS, registry, true).deserializer()
        .deserialize(Topics.NETWORKS.name(), out.toByteArray());
    NetworkCreated payload = (NetworkCreated) read.getPayload();
    assertEquals("10.42.0.0/16", payload.getCidr());
    assertEquals(600, payload.getDnsTtlSeconds());
    assertEquals(List.of(), payload.getReservedIps());
    assertEquals(current.getOccurredAt(), read.getOccurredAt());
  }

  @Test
  void headerIsMagicThenBigEndianId() {
    assertArrayEquals(new byte[] {0, 0, 0, 1, 2}, WireFormat.header(258));
    assertEquals(258, WireFormat.schemaId("t", new byte[] {0, 0, 0, 1, 2}));
  }
}
