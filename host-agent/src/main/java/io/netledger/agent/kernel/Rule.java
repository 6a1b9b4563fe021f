package io.netledger.agent.kernel;

/** A policy rule: traffic arriving on {@code iif} looks up {@code table}, at {@code priority}. */
public record Rule(Family family, int priority, String iif, int table) implements KernelObject {
  @Override
  public Object key() {
    return this;
  }

  @Override
  public String device() {
    return iif;
  }
}
