package io.netledger.agent.kernel;

/**
 * A policy rule: traffic from {@code from} (a prefix, or null for any) arriving on {@code iif}
 * (null for any, including locally generated traffic) and carrying firewall mark {@code fwmark}
 * (0 for any) looks up {@code table}, at {@code priority}.
 */
public record Rule(Family family, int priority, String from, String iif, int fwmark, int table) implements KernelObject {
  public Rule {
    from = from == null ? null : Family.prefix(from);
  }

  public Rule(Family family, int priority, String from, String iif, int table) {
    this(family, priority, from, iif, 0, table);
  }

  /** Packets the agent's nftables table marked with {@code fwmark} (see {@code FirewallPlan}). */
  public static Rule marked(Family family, int priority, int fwmark, int table) {
    return new Rule(family, priority, null, null, fwmark, table);
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
