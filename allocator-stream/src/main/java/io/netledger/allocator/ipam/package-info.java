/**
 * IPAM as a pure image + delta: blocks of a network's pool claimed by hosts, one address per
 * container and per (host, network), quarantine of released addresses, and the DNS zone of each
 * network. No clock, no randomness, no I/O: the Streams processor, {@code audit} replay and the
 * tests run this same code and get the same records.
 *
 * <pre>{@code
 * AllocatorImage image = AllocatorImage.EMPTY;           // or ImageRecords.restore(storeRecords)
 * AllocatorDelta delta = image.delta(AllocatorConfig.DEFAULT);
 * Decision d = delta.replay(InputEvent.of(Topics.CONTAINERS.name(), partition, offset, key, containerEvent));
 * // d.outcome(): APPLIED, DUPLICATE, NO_OP or REJECTED; d.records(): what to write
 * image = delta.apply();
 * for (OutputRecord r : delta.changes()) {
 *   if (!r.internal()) send(r.topic(), r.key(), r.value());   // null value = tombstone
 * }
 * }</pre>
 *
 * <p>Rules (from the allocator issue): a host claims the lowest free block when it needs one and
 * takes the lowest free address of its first block as its own (VTEP and gateway); a container gets
 * the lowest free address of its host's blocks, else of a newly claimed block, else borrows the
 * lowest free address of the pool; released addresses wait {@link
 * io.netledger.allocator.ipam.AllocatorConfig#quarantine()} further allocations before reuse, except
 * for the same container restarting.
 *
 * <p>A start refused only because its network or host is not known yet is FAILED at once and
 * also waits ({@link io.netledger.allocator.ipam.AllocatorImage#waiting()}): the decision order
 * interleaves the input topics task by task, so a NetworkCreated published first can be decided
 * later. When the missing fact is replayed, the waiting starts it completes are decided in their
 * original order, with their own cause (see {@link io.netledger.allocator.ipam.WaitingStart}).
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
package io.netledger.allocator.ipam;
