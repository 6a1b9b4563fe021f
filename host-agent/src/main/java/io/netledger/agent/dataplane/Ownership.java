package io.netledger.agent.dataplane;

import io.netledger.agent.calc.Owned;
import io.netledger.agent.kernel.KernelObject;
import io.netledger.agent.kernel.KernelState;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.agent.kernel.Route;
import io.netledger.agent.kernel.Rule;
import io.netledger.agent.kernel.Sysctl;

/**
 * Which objects read back from a namespace the agent may change or delete. In the host namespace:
 * links named by {@link Owned}, what hangs on them, routes of the agent's protocol and rules in its
 * priority range. In a container namespace also what hangs on the interfaces the agent gave the
 * container, but never that interface itself (it goes with its host side). Sysctls are set, never
 * reverted.
 */
final class Ownership {
  private Ownership() {}

  /** Whether {@code actual} in {@code ns} may be deleted when nothing wants it. */
  static boolean sweepable(Namespace ns, KernelObject actual, KernelState desired) {
    if (actual instanceof Sysctl) {
      return false;
    }
    if (actual instanceof Link l) {
      return ns.isHost() && Owned.link(l.name());
    }
    return mayChange(ns, actual, desired);
  }

  /** Whether {@code actual} in {@code ns} may be changed in place to what the agent wants. */
  static boolean mayChange(Namespace ns, KernelObject actual, KernelState desired) {
    if (actual instanceof Route r) {
      return Owned.routeProtocol(r.protocol());
    }
    if (actual instanceof Rule r) {
      return Owned.rulePriority(r.priority());
    }
    if (actual instanceof Sysctl) {
      return true;
    }
    String dev = actual.device();
    return dev != null && (Owned.link(dev) || (!ns.isHost() && desired.get(Link.class, dev) != null));
  }
}
