package io.netledger.it.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.avro.ContainerEvent;
import io.netledger.events.registry.HttpSchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.Samples;
import io.netledger.it.support.SharedCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.ParsedSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our registry client and Confluent's own (CachedSchemaRegistryClient, relocated inside Flink's
 * SQL jar) agree on ids, both ways, against the same Apicurio.
 */
@ExtendWith(SharedCluster.class)
class ConfluentClientInteropTest {

  @Test
  void anIdOurSerializerRegisteredIsReadableByConfluentsClient() throws Exception {
    String url = SharedCluster.cluster().registryUrl();
    HttpSchemaRegistry ours = new HttpSchemaRegistry(url, Duration.ofSeconds(10));
    AvroSerde<ContainerEvent> serde = AvroSerde.forTopic(Topics.CONTAINERS, ours, true);
    byte[] bytes = serde.serializer().serialize(Topics.CONTAINERS.name(),
        Samples.of(ContainerEvent.class, 1, 7).get(0));
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();

    CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(url, 10);
    ParsedSchema theirs = confluent.getSchemaById(id);
    assertEquals("AVRO", theirs.schemaType());
    assertEquals(ContainerEvent.getClassSchema(), new Schema.Parser().parse(theirs.canonicalString()));
    assertEquals(id, confluent.getId(Topics.CONTAINERS.valueSubject(), new AvroSchema(ContainerEvent.getClassSchema().toString())));
  }

  @Test
  void anIdConfluentsClientRegisteredIsReadableByOurs() throws Exception {
    String url = SharedCluster.cluster().registryUrl();
    Schema schema = SchemaBuilder.record("Probe").namespace("io.netledger.it").fields()
        .requiredString("id").optionalLong("count").endRecord();
    String subject = "it-interop-" + UUID.randomUUID() + "-value";

    int id = new CachedSchemaRegistryClient(url, 10).register(subject, new AvroSchema(schema.toString()));

    HttpSchemaRegistry ours = new HttpSchemaRegistry(url, Duration.ofSeconds(10));
    assertEquals(schema, ours.byId(id));
    assertEquals(id, ours.lookup(subject, schema));
  }
}
