/**
 * The mesh as pure values: what every host must program, derived from the networks, hosts,
 * held addresses and block claims read from the log. No I/O; the same classes run in the Streams
 * processor, in {@code audit} replays and in tests.
 *
 * <p>{@link io.netledger.mesh.state.MeshImage} is the state at one point of the log;
 * {@link io.netledger.mesh.state.MeshDelta} replays input records and applies them to the next
 * image, listing the host-state records to write (only slices that changed, tombstones for those
 * that went away, per-host generations) and the inputs it rejected.
 *
 * <pre>{@code
 * MeshDelta delta = new MeshDelta(MeshImage.EMPTY);
 * delta.replay(networkId, networkEvent, coordinates);                  // NetworkCreated / NetworkDeleted
 * delta.replay(hostId, hostEvent, coordinates);                        // HostRegistered / HostRemoved
 * delta.replayBlock("managed/10.42.0.0/26", blockAffinity, coordinates, occurredAt);
 * delta.replayAllocation("host/H1/managed", hostAllocation, coordinates, occurredAt);
 * MeshImage image = delta.apply();
 * for (SliceChange c : delta.changes()) {          // key, hostId, slice (null = tombstone)
 *   int partition = HostPartitioner.partitionFor(c.hostId(), Topics.HOST_STATE.partitions());
 * }
 * delta.rejections();                              // Rejection records for netledger.rejected.v1
 * image.hostState("H1");                           // H1's full slice set, by host-state key
 * MeshImage restored = MeshImage.fromRecords(image.toRecords());   // equals image
 * }</pre>
 *
 * <p><b>The delta contract</b> (the same for {@code AllocatorDelta} and {@code MeshDelta}): a
 * delta starts from one image; each {@code replay} decides one input, in log order; {@code
 * apply()}, at most once, returns the next image; {@code changes()} is valid only after {@code
 * apply()} and lists every record to write, in order. Why after: a delta may compute what it
 * writes once per batch instead of once per input (the mesh renders each touched slice once,
 * however many inputs touched it), and nobody can read the changes of a half-replayed batch. The
 * allocator's {@code replay} also returns that input's {@code Decision}, because its caller answers
 * for that one input (its rejection, its allocation); the mesh's outputs are host slices, which
 * only the whole batch determines, so its {@code replay} returns nothing.
 */
package io.netledger.mesh.state;
