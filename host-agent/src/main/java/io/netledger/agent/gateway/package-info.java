/**
 * How a host's facts reach the log across the trust boundary: {@link
 * io.netledger.agent.gateway.GatewayClient} publishes the CNI door's container events and the
 * agent's registration through the gateway over mutual TLS with the host's own certificate (the
 * IPsec credentials), so the gateway can hold the host to speaking only for itself.
 *
 * <pre>{@code
 * GatewayClient gw = GatewayClient.create(URI.create("https://192.0.2.1:8443"), Path.of("/etc/netledger/ipsec"),
 *     Duration.ofSeconds(10));
 * Published at = gw.publish(containerStarted);   // GatewayException on 4xx, 503, timeout, unreachable
 * }</pre>
 */
package io.netledger.agent.gateway;
