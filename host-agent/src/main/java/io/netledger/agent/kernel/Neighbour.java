package io.netledger.agent.kernel;

/** A permanent neighbour entry: {@code ip} answers at {@code mac} on {@code device}. */
public record Neighbour(String device, String ip, String mac) implements KernelObject {
  public Neighbour {
    mac = mac.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Object key() {
    return java.util.List.of(device, ip);
  }
}
