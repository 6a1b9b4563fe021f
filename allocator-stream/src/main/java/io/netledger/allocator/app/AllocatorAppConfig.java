package io.netledger.allocator.app;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.support.streams.StreamsAppSettings;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How an allocator instance runs: the settings every stream app has ({@link StreamsAppSettings},
 * defaults {@value #DEFAULT_APPLICATION_ID} and port {@value #DEFAULT_HTTP_PORT}) and the
 * allocator's own {@code quarantine=64} (how many releases an address waits before reuse) and
 * {@code event-window=100000} (how many recent eventIds a repeat is recognised among).
 */
public record AllocatorAppConfig(StreamsAppSettings app, int quarantine, int eventWindow) {
  public static final String QUARANTINE = "quarantine";
  public static final String EVENT_WINDOW = "event-window";

  /** Where the allocator's query API listens unless told otherwise (the mesh uses 7071). */
  public static final int DEFAULT_HTTP_PORT = 7070;
  public static final String DEFAULT_APPLICATION_ID = "netledger-allocator";

  public AllocatorAppConfig {
    if (quarantine < 0) {
      throw new IllegalArgumentException(QUARANTINE + " must be >= 0, not " + quarantine);
    }
    if (eventWindow < 0) {
      throw new IllegalArgumentException(EVENT_WINDOW + " must be >= 0, not " + eventWindow);
    }
  }

  /** The decision settings (audit must replay with the same). */
  public AllocatorConfig decisions() {
    return new AllocatorConfig(quarantine).withEventWindow(eventWindow);
  }

  /** Reads a properties file; see {@link StreamsAppSettings#load}. */
  public static Properties load(Path file) {
    return StreamsAppSettings.load(file);
  }

  /** A config from properties (missing optional keys take their defaults). */
  public static AllocatorAppConfig from(Properties p) {
    return new AllocatorAppConfig(StreamsAppSettings.from(p, DEFAULT_APPLICATION_ID, DEFAULT_HTTP_PORT),
        StreamsAppSettings.integer(p, QUARANTINE, 64),
        StreamsAppSettings.integer(p, EVENT_WINDOW, AllocatorConfig.DEFAULT_EVENT_WINDOW));
  }
}
