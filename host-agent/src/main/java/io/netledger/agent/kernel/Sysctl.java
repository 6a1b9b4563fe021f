package io.netledger.agent.kernel;

/** A sysctl of the namespace, {@code name} in dotted form ("net.ipv4.conf.nlv0a1b.proxy_arp"). */
public record Sysctl(String name, String value) implements KernelObject {
  /** The per-device sysctl of {@code device}, e.g. {@code conf(INET, "nlv1", "proxy_arp", "1")}. */
  public static Sysctl conf(Family family, String device, String name, String value) {
    return new Sysctl("net." + (family == Family.INET ? "ipv4" : "ipv6") + ".conf." + device + "." + name, value);
  }

  @Override
  public Object key() {
    return name;
  }

  /** The per-device sysctl {@code net.ipv4.neigh.<dev>.<name>} (neighbour settings). */
  public static Sysctl neigh(Family family, String device, String name, String value) {
    return new Sysctl("net." + (family == Family.INET ? "ipv4" : "ipv6") + ".neigh." + device + "." + name, value);
  }

  /** The device of a {@code net.*.conf.<dev>.*} or {@code net.*.neigh.<dev>.*} key, else null. */
  @Override
  public String device() {
    String[] parts = name.split("\\.");
    return parts.length == 5 && ("conf".equals(parts[2]) || "neigh".equals(parts[2]))
        && !"all".equals(parts[3]) && !"default".equals(parts[3]) ? parts[3] : null;
  }
}
