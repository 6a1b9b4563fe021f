package io.netledger.agent.kernel;

import java.util.Objects;

/**
 * A network device. A {@code VETH} with a {@link VethPeer} is created together with its peer in
 * another namespace; a {@code VETH} without one is the far end, configured but never created
 * alone. {@link #compatible} says whether an existing device can be kept and adjusted, or must
 * be recreated (flannel's {@code ensureLink}).
 */
public record Link(String name, Kind kind, int mtu, String mac, boolean up, VethPeer peer, Vxlan vxlan)
    implements KernelObject {

  public enum Kind { VETH, VXLAN, OTHER }

  /** The far end of a veth pair: created in {@code namespace}, named {@code name}, with {@code mac}. */
  public record VethPeer(Namespace namespace, String name, String mac) {}

  /** VXLAN parameters; {@code underlayDevice} may be null (the kernel picks by route). */
  public record Vxlan(int vni, String local, int port, boolean learning, String underlayDevice) {}

  public Link {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isEmpty() || name.length() > 15) {
      throw new IllegalArgumentException("link name '" + name + "' must be 1..15 characters");
    }
  }

  public static Link veth(String name, int mtu, VethPeer peer) {
    return new Link(name, Kind.VETH, mtu, null, true, peer, null);
  }

  public static Link vethEnd(String name, int mtu, String mac) {
    return new Link(name, Kind.VETH, mtu, mac, true, null, null);
  }

  public static Link vxlan(String name, int mtu, String mac, Vxlan vxlan) {
    return new Link(name, Kind.VXLAN, mtu, mac, true, null, vxlan);
  }

  @Override
  public Object key() {
    return name;
  }

  @Override
  public String device() {
    return name;
  }

  /**
   * Whether {@code actual} (read back, so without peer) can be kept: same kind and, for VXLAN,
   * same VNI/local/port/learning, and the same underlay device when both name one.
   */
  public boolean compatible(Link actual) {
    if (kind != actual.kind) {
      return false;
    }
    if (vxlan == null) {
      return true;
    }
    Vxlan a = actual.vxlan;
    return a != null && a.vni == vxlan.vni && Objects.equals(a.local, vxlan.local)
        && a.port == vxlan.port && a.learning == vxlan.learning
        && (vxlan.underlayDevice == null || a.underlayDevice == null || vxlan.underlayDevice.equals(a.underlayDevice));
  }

  /** Whether the adjustable settings (MTU, MAC when we choose one, up) already match. */
  public boolean settled(Link actual) {
    return mtu == actual.mtu && up == actual.up
        && (mac == null || mac.equalsIgnoreCase(String.valueOf(actual.mac)));
  }
}
