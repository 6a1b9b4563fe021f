package io.netledger.agent.kernel;

/** An address on a device, {@code prefix} as "10.42.0.2/16". Only global-scope addresses are modelled. */
public record Address(String device, String prefix) implements KernelObject {
  @Override
  public Object key() {
    return this;
  }
}
