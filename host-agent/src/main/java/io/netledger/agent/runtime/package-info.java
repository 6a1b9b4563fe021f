/**
 * The running agent: {@link io.netledger.agent.runtime.Agent} wires the loop, the real kernel,
 * metrics and the optional features of an {@link io.netledger.agent.runtime.AgentSpec} (DNS and
 * metadata, the CNI door, IPsec); {@link io.netledger.agent.runtime.AgentLoop} reads this host's
 * partition of host-state and all of dns-records, records, applies, commits and reports.
 *
 * <pre>{@code
 * AgentSpec spec = AgentSpec.of(AgentConfig.of("H1", "198.51.100.11", bootstrap, registryUrl))
 *     .withMetrics("127.0.0.1", 9464)
 *     .withServing(Serving.production(upstreams));
 * try (Agent agent = Agent.start(spec)) {
 *   agent.loop().awaitCaughtUp(Duration.ofSeconds(30));
 *   agent.join();                                   // until closed, or until the loop dies
 * }
 * }</pre>
 *
 * <p>Tests build the loop on the fake kernel and mock clients:
 * {@code AgentLoop.builder(config).kernel(new FakeKernel()).consumer(mock).producer(mock)
 * .registry(registry).capabilities(caps).build()}.
 */
package io.netledger.agent.runtime;
