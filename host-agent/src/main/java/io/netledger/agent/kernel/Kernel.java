package io.netledger.agent.kernel;

import java.util.List;

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
   * Applies {@code changes} in order, continuing past failures; returns one {@link Result} per
   * change, in the same order. A missing namespace fails every change rather than throwing.
   */
  List<Result> apply(Namespace ns, List<Change> changes);
}
