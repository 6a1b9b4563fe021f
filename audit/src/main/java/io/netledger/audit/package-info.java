/**
 * Audit and replay from the log: who held an address when, a container's or host's history, the
 * views as of any past time, and a check that the live views are what the log says they should be.
 *
 * <p>Everything starts from the allocator's decision-order topic
 * ({@code <application.id>-allocator-decision-order-repartition}): its order is the order in which
 * the allocator decided, and it is never purged. {@link io.netledger.audit.DecisionLog} reads
 * it (read_committed) and decodes each record with the allocator's own {@code DecisionInput};
 * {@link io.netledger.audit.Replay} runs the same pure {@code AllocatorDelta} the stream app
 * runs; listeners build what a question needs ({@link io.netledger.audit.AddressHistory},
 * {@link io.netledger.audit.SubjectHistory}, {@link io.netledger.audit.MeshReplay} with the
 * pure {@code MeshDelta}). Nothing here trusts a running service or a state store.
 *
 * <pre>{@code
 * LogSource source = new LogSource(bootstrap, registryUrl, Duration.ofSeconds(15), "netledger-allocator");
 * AddressHistory who = new AddressHistory("managed", "10.42.0.66");
 * Replay replay = new Replay(AllocatorConfig.DEFAULT, List.of(who));
 * DecisionLog.read(source, null, replay::accept, Progress.quiet());
 * who.tenures();                                        // every holder, from/to, input coordinates
 * Verifier.Result r = Verifier.verify(source, AllocatorConfig.DEFAULT, true, Progress.quiet());
 * r.differences();                                      // empty when the live views equal the log
 * }</pre>
 *
 * <p>The command is {@code netledger audit ip|container|host|state|verify|export}; see
 * {@code audit/README.md} for the retention trade-offs this relies on.
 */
package io.netledger.audit;
