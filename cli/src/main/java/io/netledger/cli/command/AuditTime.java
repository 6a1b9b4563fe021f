package io.netledger.cli.command;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a point in time for {@code --at}, {@code --from}, {@code --to}: an ISO-8601 instant
 * ({@code 2026-11-27T14:32:00Z}), a date-time with an offset ({@code 2026-11-27T15:32:00+01:00}),
 * a local date-time in this machine's zone ({@code 2026-11-27T14:32} or {@code 2026-11-27 14:32:05}),
 * or epoch milliseconds. Anything else is a usage error (exit 2) that shows these forms.
 */
public final class AuditTime implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    return parse(value, ZoneId.systemDefault());
  }

  public static Instant parse(String value, ZoneId zone) {
    String v = value == null ? "" : value.trim();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit) && v.length() <= 16) {
      return Instant.ofEpochMilli(Long.parseLong(v));
    }
    String iso = v.replace(' ', 'T');
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(iso).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a time: use 2026-11-27T14:32:00Z,"
          + " 2026-11-27T14:32 (local time), or epoch milliseconds");
    }
  }
}
