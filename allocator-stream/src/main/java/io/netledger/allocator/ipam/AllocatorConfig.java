package io.netledger.allocator.ipam;

/**
 * Settings that change decisions. The allocator-stream and {@code audit} replay must use the same
 * values, or the replay will not reproduce the log's views.
 *
 * @param quarantine how many further addresses must be handed out in a network before a released
 *     address may be handed out again. Counted in events, not time, so replay is deterministic;
 *     the point is that peers' ARP caches and DNS answers naming the old holder have gone stale.
 * @param maxWaiting how many starts may wait for their network or host at once; one more expires
 *     the oldest (WAITING_EXPIRED), so a flood of starts for networks that never come cannot grow
 *     the image without bound
 * @param waitingExpiry how many later waiting starts a start may wait through before it expires
 *     (WAITING_EXPIRED): counted in inputs, not time, so replay is deterministic
 */
public record AllocatorConfig(int quarantine, int maxWaiting, long waitingExpiry) {
  public static final int DEFAULT_QUARANTINE = 64;
  public static final int DEFAULT_MAX_WAITING = 10_000;
  public static final long DEFAULT_WAITING_EXPIRY = 100_000;
  public static final AllocatorConfig DEFAULT = new AllocatorConfig(DEFAULT_QUARANTINE);

  public AllocatorConfig(int quarantine) {
    this(quarantine, DEFAULT_MAX_WAITING, DEFAULT_WAITING_EXPIRY);
  }

  public AllocatorConfig {
    if (quarantine < 0) {
      throw new IllegalArgumentException("quarantine must be >= 0, was " + quarantine);
    }
    if (maxWaiting < 0 || waitingExpiry < 1) {
      throw new IllegalArgumentException("maxWaiting must be >= 0 and waitingExpiry >= 1, were " + maxWaiting
          + " and " + waitingExpiry);
    }
  }
}
