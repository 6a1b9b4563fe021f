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
 * @param eventWindow how many of the last decided inputs' eventIds are remembered: a repeat within
 *     them is refused DUPLICATE_EVENT naming the first input (see {@link EventWindow}); evicted in
 *     decision order, so replay evicts the same; 0 turns de-duplication off
 */
public record AllocatorConfig(int quarantine, int maxWaiting, long waitingExpiry, int eventWindow) {
  public static final int DEFAULT_QUARANTINE = 64;
  public static final int DEFAULT_MAX_WAITING = 10_000;
  public static final long DEFAULT_WAITING_EXPIRY = 100_000;
  /** About a day of inputs at one per second: far beyond any client's retry horizon. */
  public static final int DEFAULT_EVENT_WINDOW = 100_000;
  public static final AllocatorConfig DEFAULT = new AllocatorConfig(DEFAULT_QUARANTINE);

  public AllocatorConfig(int quarantine) {
    this(quarantine, DEFAULT_MAX_WAITING, DEFAULT_WAITING_EXPIRY);
  }

  public AllocatorConfig(int quarantine, int maxWaiting, long waitingExpiry) {
    this(quarantine, maxWaiting, waitingExpiry, DEFAULT_EVENT_WINDOW);
  }

  /** This config with another de-duplication window. */
  public AllocatorConfig withEventWindow(int ids) {
    return new AllocatorConfig(quarantine, maxWaiting, waitingExpiry, ids);
  }

  public AllocatorConfig {
    if (quarantine < 0) {
      throw new IllegalArgumentException("quarantine must be >= 0, was " + quarantine);
    }
    if (maxWaiting < 0 || waitingExpiry < 1) {
      throw new IllegalArgumentException("maxWaiting must be >= 0 and waitingExpiry >= 1, were " + maxWaiting
          + " and " + waitingExpiry);
    }
    if (eventWindow < 0) {
      throw new IllegalArgumentException("eventWindow must be >= 0, was " + eventWindow);
    }
  }
}
