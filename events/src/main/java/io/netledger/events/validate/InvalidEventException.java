package io.netledger.events.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An event broke one or more input rules. The message names every field, its value and the rule,
 * e.g. {@code invalid NetworkCreated: vni='0': must be 1..16777215}.
 */
public final class InvalidEventException extends IllegalArgumentException {
  private final String eventType;
  private final List<Violation> violations;

  public InvalidEventException(String eventType, List<Violation> violations) {
    super("invalid " + eventType + ": "
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.eventType = eventType;
    this.violations = List.copyOf(violations);
  }

  public String eventType() {
    return eventType;
  }

  public List<Violation> violations() {
    return violations;
  }
}
