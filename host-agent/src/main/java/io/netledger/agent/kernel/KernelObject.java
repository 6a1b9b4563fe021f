package io.netledger.agent.kernel;

/**
 * A kernel object of one namespace. {@link #key()} is what the kernel treats as the same object
 * (two objects with equal keys cannot both exist); record equality is "same configuration".
 */
public sealed interface KernelObject permits Link, Address, Route, Neighbour, FdbEntry, Rule, Sysctl {
  /** Identity inside a namespace: a second object with this key is refused with "File exists". */
  Object key();

  /** The link this object hangs on, or null (rules, sysctls without a device, unreachable routes). */
  String device();
}
