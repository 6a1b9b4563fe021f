package io.netledger.allocator.ipam;

/**
 * Settings that change decisions. The allocator-stream and {@code audit} replay must use the same
 * values, or the replay will not reproduce the log's views.
 *
 * @param quarantine how many further addresses must be handed out in a network before a released
 *     address may be handed out again. Counted in events, not time, so replay is deterministic;
 *     the point is that peers' ARP caches and DNS answers naming the old holder have gone stale.
 */
public record AllocatorConfig(int quarantine) {
  public static final int DEFAULT_QUARANTINE = 64;
  public static final AllocatorConfig DEFAULT = new AllocatorConfig(DEFAULT_QUARANTINE);

  public AllocatorConfig {
    if (quarantine < 0) {
      throw new IllegalArgumentException("quarantine must be >= 0, was " + quarantine);
    }
  }
}
