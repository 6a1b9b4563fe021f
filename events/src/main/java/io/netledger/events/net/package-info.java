/**
 * IPv4 values, prefixes and derived MACs shared by the allocator, the mesh and the agent.
 *
 * <pre>{@code
 * Cidr pool = Cidr.parse("10.42.0.0/16");
 * Cidr firstBlock = pool.subnets(26).findFirst().orElseThrow();   // 10.42.0.0/26
 * String mac = Macs.fromIpv4(Ipv4.parse("10.42.0.5"));           // 0a:58:0a:2a:00:05
 * }</pre>
 */
package io.netledger.events.net;
