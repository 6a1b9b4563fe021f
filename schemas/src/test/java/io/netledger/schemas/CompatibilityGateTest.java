package io.netledger.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityGateTest {
  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(CompatibilityGateTest.class.getResource("/fixtures/" + name).toURI());
  }

  @Test
  void acceptsAnOptionalFieldAndAWidenedType() throws Exception {
    assertEquals(List.of(), CompatibilityGate.check(fixture("released"), fixture("compatible")));
  }

  @Test
  void rejectsARequiredFieldWithoutDefaultNamingRecordAndField() throws Exception {
    List<CompatibilityGate.Violation> violations =
        CompatibilityGate.check(fixture("released"), fixture("incompatible"));
    // Part breaks on its own, and Widget breaks through the Part it contains.
    assertEquals(2, violations.size(), violations.toString());
    CompatibilityGate.Violation v = violations.stream()
        .filter(x -> x.record().equals("fixture.Part")).findFirst().orElseThrow();
    assertEquals("/fields/1", v.location());
    assertTrue(v.message().contains("weight"), v.message());
  }

  @Test
  void rejectsARemovedType() throws Exception {
    List<CompatibilityGate.Violation> violations =
        CompatibilityGate.check(fixture("compatible"), fixture("released"));
    // compatible -> released narrows long to int and drops nothing; narrowing is a break.
    assertTrue(violations.stream().anyMatch(v -> v.record().equals("fixture.Widget")), violations.toString());
  }

  @Test
  void theProjectSchemasAreCompatibleWithTheirReleasedVersions() {
    Path root = Path.of(System.getProperty("user.dir"));
    assertEquals(List.of(), CompatibilityGate.check(root.resolve("released"), root.resolve("src/main/avro")));
  }

  @Test
  void everyRecordAndFieldIsDocumented() {
    Map<String, Schema> all = SchemaDirectory.load(Path.of(System.getProperty("user.dir"), "src/main/avro"));
    for (Schema s : all.values()) {
      assertTrue(s.getDoc() != null && !s.getDoc().isBlank(), s.getFullName() + " has no doc");
      if (s.getType() == Schema.Type.RECORD) {
        s.getFields().forEach(f ->
            assertTrue(f.doc() != null && !f.doc().isBlank(), s.getFullName() + "." + f.name() + " has no doc"));
      }
    }
  }
}
