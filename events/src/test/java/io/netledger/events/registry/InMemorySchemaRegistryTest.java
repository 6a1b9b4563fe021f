package io.netledger.events.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
  private static final Schema V1 = SchemaBuilder.record("W").fields().requiredString("a").endRecord();
  private static final Schema V2_DEFAULTED = SchemaBuilder.record("W").fields()
      .requiredString("a").name("b").type().intType().intDefault(1).endRecord();
  private static final Schema V2_REQUIRED = SchemaBuilder.record("W").fields()
      .requiredString("a").requiredInt("b").endRecord();

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("unit");

  @Test
  void oneIdPerDistinctSchemaAcrossSubjects() {
    int id = registry.register("s1", V1);
    assertEquals(1, id);
    assertEquals(id, registry.register("s1", V1));
    assertEquals(id, registry.register("s2", V1));
    assertEquals(id, registry.lookup("s2", V1));
    assertEquals(V1, registry.byId(id));
    assertEquals(2, registry.register("s1", V2_DEFAULTED));
  }

  @Test
  void backwardRuleRefusesARequiredNewFieldWith409() {
    registry.register("s", V1);
    assertTrue(registry.isCompatible("s", V2_DEFAULTED));
    assertFalse(registry.isCompatible("s", V2_REQUIRED));
    assertTrue(registry.isCompatible("fresh", V2_REQUIRED));
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
        () -> registry.register("s", V2_REQUIRED));
    assertTrue(e.isIncompatible());
    assertTrue(e.getMessage().contains("incompatible"), e.getMessage());
  }

  @Test
  void unknownSubjectSchemaAndIdAre404() {
    assertEquals(40401, assertThrows(SchemaRegistryException.class, () -> registry.lookup("none", V1)).errorCode());
    registry.register("s", V1);
    assertEquals(40403, assertThrows(SchemaRegistryException.class, () -> registry.lookup("s", V2_DEFAULTED)).errorCode());
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> registry.byId(99));
    assertTrue(e.isNotFound());
    assertEquals("mock://unit/schemas/ids/99", e.url());
  }

  @Test
  void mockUrlsShareOneRegistryPerScope() {
    SchemaRegistry a = RegistryConfig.connect("mock://shared-scope");
    assertTrue(a == RegistryConfig.connect("mock://shared-scope"));
    RegistryConfig.dropMock("shared-scope");
    assertFalse(a == RegistryConfig.connect("mock://shared-scope"));
    assertTrue(RegistryConfig.connect("http://127.0.0.1:1/apis/ccompat/v7") instanceof HttpSchemaRegistry);
    assertThrows(IllegalArgumentException.class, () -> RegistryConfig.connect("ftp://x"));
  }
}
