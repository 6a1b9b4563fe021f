package io.netledger.agent.kernel;

import java.util.Objects;

/**
 * A network namespace the agent programs: {@link #HOST} (the host's own, wherever the kernel
 * driver was told it is), a name under {@code /run/netns}, or an absolute path (as container
 * runtimes hand them out, e.g. {@code /proc/1234/ns/net}).
 */
public record Namespace(String ref) {
  /** The host namespace: the one the agent's VXLAN devices, tables and rules live in. */
  public static final Namespace HOST = new Namespace("");

  public Namespace {
    Objects.requireNonNull(ref, "ref");
  }

  /** A container's namespace from {@code LocalEndpoint.netns}; a path under /run/netns becomes its name. */
  public static Namespace of(String nameOrPath) {
    if (nameOrPath == null || nameOrPath.isBlank()) {
      throw new IllegalArgumentException("namespace is missing");
    }
    String runNetns = "/run/netns/";
    if (nameOrPath.startsWith(runNetns) && nameOrPath.indexOf('/', runNetns.length()) < 0) {
      return new Namespace(nameOrPath.substring(runNetns.length()));
    }
    return new Namespace(nameOrPath);
  }

  /**
   * Why a change into {@code ns} is refused when {@code ns} is the host's own namespace under
   * another name (e.g. {@code /proc/1/ns/net}): the agent would take over the host's eth0.
   */
  public static String hostAliasRefusal(Namespace ns) {
    return "namespace " + ns + " is the host's own network namespace: refused";
  }

  public boolean isHost() {
    return ref.isEmpty();
  }

  /** True for an absolute path that is not a name under /run/netns. */
  public boolean isPath() {
    return ref.startsWith("/");
  }

  @Override
  public String toString() {
    return isHost() ? "host" : ref;
  }
}
