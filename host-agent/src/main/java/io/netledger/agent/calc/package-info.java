/**
 * The agent's pure calculation: host-state records in, desired kernel objects out, no I/O.
 * {@link io.netledger.agent.calc.HostStateImage} / {@link io.netledger.agent.calc.HostStateDelta}
 * hold what was read from {@code netledger.host-state.v1}; {@link io.netledger.agent.calc.DesiredState}
 * turns it into links, addresses, routes, neighbours, FDB entries, rules and sysctls per namespace;
 * {@link io.netledger.agent.calc.Owned} names the marks that make those objects recognisably ours.
 *
 * <pre>{@code
 * HostStateImage image = HostStateImage.EMPTY.delta()
 *     .replay("H2/network/managed", networkSlice)
 *     .replay("H2/endpoint/c-mongo", endpointSlice)
 *     .apply();
 * DesiredState want = DesiredState.from(new HostConfig("H2", "192.0.2.2", "eth0"), image.slices().values());
 * KernelState host = want.in(Namespace.HOST);           // nlx42, its /32, table 100, rules, veth host sides
 * KernelState mongo = want.in(Namespace.of("mongo"));    // eth0 settings, 10.42.0.66/16, default route
 * }</pre>
 */
package io.netledger.agent.calc;
