/**
 * The CNI plugin {@code netledger-cni}: a thin process that forwards each CNI call to the local
 * agent's Unix socket ({@code io.netledger.agent.cni}). Installed as an executable named
 * {@code netledger-cni} in a CNI plugin directory (the launcher script
 * {@code cli/src/main/sh/netledger-cni} next to a {@code netledger-cni.classpath} file).
 *
 * <pre>
 * CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/run/netns/x CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin \
 *   netledger-cni &lt; netledger.conflist-plugin.json
 * </pre>
 */
package io.netledger.cli.cni;
