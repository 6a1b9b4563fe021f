package io.netledger.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class AuditTimeTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void acceptsTheDocumentedForms() {
    Instant t = Instant.parse("2026-11-27T14:32:00Z");
    assertEquals(t, AuditTime.parse("2026-11-27T14:32:00Z", PARIS));
    assertEquals(t, AuditTime.parse("2026-11-27T15:32:00+01:00", PARIS));
    assertEquals(t, AuditTime.parse("2026-11-27T15:32", PARIS));
    assertEquals(t, AuditTime.parse("2026-11-27 15:32:00", PARIS));
    assertEquals(t, AuditTime.parse(Long.toString(t.toEpochMilli()), PARIS));
  }

  @Test
  void refusesAnythingElseShowingTheForms() {
    for (String bad : new String[] {"", "yesterday", "2026-13-01T00:00", "14:32", "12345678901234567890"}) {
      TypeConversionException e = assertThrows(TypeConversionException.class, () -> AuditTime.parse(bad, PARIS));
      assertTrue(e.getMessage().contains("is not a time"), e.getMessage());
    }
  }
}
