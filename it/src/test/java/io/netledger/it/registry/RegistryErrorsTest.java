package io.netledger.it.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.HostEvent;
import io.netledger.events.registry.HttpSchemaRegistry;
import io.netledger.events.registry.SchemaRegistryException;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.Samples;
import io.netledger.it.support.SharedCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the real registry says when it says no reaches the caller intact. */
@ExtendWith(SharedCluster.class)
class RegistryErrorsTest {
  private static final Schema V1 = SchemaBuilder.record("Probe").namespace("io.netledger.it").fields()
      .requiredString("id").endRecord();
  private static final Schema V2_REQUIRED_FIELD = SchemaBuilder.record("Probe").namespace("io.netledger.it").fields()
      .requiredString("id").requiredInt("size").endRecord();

  private final HttpSchemaRegistry registry =
      new HttpSchemaRegistry(SharedCluster.cluster().registryUrl(), Duration.ofSeconds(10));

  @Test
  void anIncompatibleSchemaIs409WithTheRegistrysMessage() {
    String subject = "it-errors-" + UUID.randomUUID() + "-value";
    registry.register(subject, V1);
    assertFalse(registry.isCompatible(subject, V2_REQUIRED_FIELD));

    SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
        () -> registry.register(subject, V2_REQUIRED_FIELD));
    assertEquals(409, e.status());
    assertTrue(e.registryMessage().contains("Incompatible"), e.registryMessage());
    assertTrue(e.getMessage().contains(e.registryMessage()), e.getMessage());
    assertTrue(e.url().endsWith("/subjects/" + subject + "/versions"), e.url());
  }

  @Test
  void anUnknownIdIs404WithTheRegistrysMessage() {
    int unknown = Integer.MAX_VALUE - 11;
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> registry.byId(unknown));
    assertEquals(404, e.status());
    assertEquals(40403, e.errorCode());
    assertTrue(e.registryMessage().contains(String.valueOf(unknown)), e.registryMessage());

    // The deserializer turns it into a SerializationException a stream app can route to rejected.
    AvroSerde<HostEvent> serde = AvroSerde.forTopic(Topics.HOSTS, registry, true);
    byte[] bytes = serde.serializer().serialize(Topics.HOSTS.name(), Samples.of(HostEvent.class, 1, 3).get(0));
    ByteBuffer.wrap(bytes).putInt(1, unknown);
    SerializationException se = assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize(Topics.HOSTS.name(), bytes));
    assertTrue(se.getMessage().contains("schema id " + unknown), se.getMessage());
  }

  @Test
  void withoutAutoRegistrationAnUnknownSubjectFailsTheFirstSend() {
    AvroSerde<HostEvent> serde = AvroSerde.forType(HostEvent.class, registry, false);
    String topic = "it-unregistered-" + UUID.randomUUID();
    SerializationException e = assertThrows(SerializationException.class,
        () -> serde.serializer().serialize(topic, Samples.of(HostEvent.class, 1, 4).get(0)));
    assertTrue(e.getMessage().contains(topic + "-value"), e.getMessage());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }
}
