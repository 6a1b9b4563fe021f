/**
 * {@code netledger doctor}: a host's preflight checks ({@link io.netledger.agent.doctor.Doctor}),
 * each a {@link io.netledger.agent.doctor.Check} with the Debian package that fixes it, asked
 * through {@link io.netledger.agent.doctor.Probes} ({@link io.netledger.agent.doctor.SystemProbes}
 * on the real host, a fake in tests). The agent runs the agent-scope checks at start-up.
 */
package io.netledger.agent.doctor;
