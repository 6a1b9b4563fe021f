/**
 * The resolv.conf of each local container: {@code nameserver 169.254.169.250} and the search list
 * {@code <stack>.<domain> <domain>}, written to {@code /etc/netns/<netns>/resolv.conf}, which
 * {@code ip netns exec} bind-mounts over the container's {@code /etc/resolv.conf}.
 *
 * <pre>{@code
 * ResolvConfWriter writer = new ResolvConfWriter(ResolvConfWriter.PRODUCTION_ROOT, "h2");
 * // once the view has caught up with the log:
 * ResolvConfWriter.Result r = writer.reconcile(ResolvConf.desired(view, "169.254.169.250"));
 * }</pre>
 */
package io.netledger.agent.resolv;
