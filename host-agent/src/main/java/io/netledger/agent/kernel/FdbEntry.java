package io.netledger.agent.kernel;

/** A permanent VXLAN forwarding entry: frames to {@code mac} on {@code device} go to underlay {@code dst}. */
public record FdbEntry(String device, String mac, String dst) implements KernelObject {
  public FdbEntry {
    mac = mac.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Object key() {
    return java.util.List.of(device, mac);
  }
}
