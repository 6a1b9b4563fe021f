/**
 * The agent's dataplane manager and driver. {@link io.netledger.agent.dataplane.Dataplane#onUpdate}
 * records a host-state record and marks dirty (no kernel I/O); {@link io.netledger.agent.dataplane.Dataplane#apply}
 * computes the desired state and lets the {@link io.netledger.agent.dataplane.Reconciler} diff it
 * against the kernel read back and apply the minimal batch. Deletions wait for
 * {@link io.netledger.agent.dataplane.Dataplane#markCaughtUp}; failures stay dirty and are retried.
 *
 * <pre>{@code
 * Dataplane dp = new Dataplane(new HostConfig("H2", "192.0.2.2", "eth0"), Iproute2Kernel.inCurrentNamespace());
 * for (ConsumerRecord<String, HostStateSlice> r : records) {
 *   dp.onUpdate(r.key(), r.value());                  // null value = tombstone
 * }
 * if (positionReachedEndOffsetRecordedAtStart) {
 *   dp.markCaughtUp();                                // from now on, what is gone is swept
 * }
 * ApplyReport report = dp.apply();                    // commit offsets only if report.clean()
 * report.errors().forEach(e -> log.warn("{}", e));     // each names namespace, change and kernel message
 * // periodically: dp.requestResync(); dp.apply();    // repairs drift in every namespace
 * }</pre>
 */
package io.netledger.agent.dataplane;
