/**
 * The agent side of netledger's CNI plugin: a Unix socket on which the plugin
 * ({@code netledger-cni}, in the cli module) forwards each CNI call. ADD publishes the container's
 * start onto the log and answers once this agent programmed it; DEL publishes its removal; CHECK
 * compares the kernel with the control plane's decision; STATUS says whether the agent caught up;
 * GC releases CNI attachments the runtime no longer lists.
 *
 * <pre>{@code
 * CniDoor door = CniDoor.start("H1", bootstrap, registryUrl, registry, Iproute2Kernel.inCurrentNamespace(),
 *     Path.of("/run/netledger/cni.sock"), Path.of("/var/lib/netledger/cni"), Duration.ofSeconds(30));
 * // add door.listener() to the agent loop's listeners; close the door with the agent
 * }</pre>
 *
 * Errors are {@link io.netledger.agent.cni.CniError}s with CNI codes (100 and up are netledger's).
 */
package io.netledger.agent.cni;
