package io.netledger.events.validate;

/** One broken rule: which field, the value given, and the rule it breaks. */
public record Violation(String field, Object value, String rule) {
  @Override
  public String toString() {
    return field + "=" + (value == null ? "<missing>" : "'" + value + "'") + ": " + rule;
  }
}
