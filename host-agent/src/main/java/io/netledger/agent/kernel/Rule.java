package io.netledger.agent.kernel;

/**
 * A policy rule: traffic from {@code from} (a prefix, or null for any) arriving on {@code iif}
 * (null for any, including locally generated traffic) looks up {@code table}, at {@code priority}.
 */
public record Rule(Family family, int priority, String from, String iif, int table) implements KernelObject {
  public Rule {
    from = from == null ? null : Family.prefix(from);
  }

  /** Traffic arriving on {@code iif}. */
  public static Rule incoming(Family family, int priority, String iif, int table) {
    return new Rule(family, priority, null, iif, table);
  }

  /** Traffic from {@code from}, wherever it comes from (the host's own replies included). */
  public static Rule from(int priority, String from, int table) {
    return new Rule(Family.of(from), priority, from, null, table);
  }

  @Override
  public Object key() {
    return this;
  }

  @Override
  public String device() {
    return iif;
  }
}
