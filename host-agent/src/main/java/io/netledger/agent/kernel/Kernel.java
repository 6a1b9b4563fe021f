package io.netledger.agent.kernel;

import java.util.List;
import java.util.Set;

/**
 * The one narrow door to the kernel (as felix's {@code netlinkshim}): read what a namespace holds,
 * apply a batch of changes. Everything above it is pure or kernel-agnostic, so unit tests run on
 * {@link FakeKernel} and production on {@link Iproute2Kernel}.
 *
 * <p>Reads return every link, global-scope address, route (all tables), permanent neighbour,
 * VXLAN FDB entry with a destination, rule and the forwarding/proxy-ARP sysctls of the namespace,
 * owned or not: telling ours from others' is the caller's business.
 */
public interface Kernel {
  /** Everything the namespace holds; throws {@link KernelException} when it cannot be read. */
  KernelState read(Namespace ns);

  /**
   * Only the objects of {@code types}: what a caller that needs a few kinds (a container's
   * namespace holds links, addresses and routes only) reads, at a fraction of a full read's cost.
   */
  default KernelState read(Namespace ns, Set<Class<? extends KernelObject>> types) {
    return new KernelState(read(ns).all().stream().filter(o -> types.contains(o.getClass())).toList());
  }

  /**
   * Applies {@code changes} in order, continuing past failures; returns one {@link Result} per
   * change, in the same order. A missing namespace fails every change rather than throwing.
   */
  List<Result> apply(Namespace ns, List<Change> changes);
}
