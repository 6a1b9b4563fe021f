package io.netledger.events.registry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a {@link SchemaRegistry} from the URL string found in configuration.
 *
 * <ul>
 *   <li>{@code http://host:port/apis/ccompat/v7} (or https, or any Confluent-compatible root):
 *       an {@link HttpSchemaRegistry};
 *   <li>{@code mock://scope}: the one {@link InMemorySchemaRegistry} of that scope in this JVM, so
 *       a serde built from configuration inside a {@code TopologyTestDriver} test and the test's
 *       own serdes share ids (as Confluent's {@code mock://} does).
 * </ul>
 */
public final class RegistryConfig {
  /** Per request; Apicurio answers in milliseconds once up, so a long wait means it is down. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Map<String, InMemorySchemaRegistry> MOCKS = new ConcurrentHashMap<>();

  private RegistryConfig() {}

  public static SchemaRegistry connect(String url) {
    return connect(url, DEFAULT_TIMEOUT);
  }

  public static SchemaRegistry connect(String url, Duration timeout) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no schema registry URL given");
    }
    String trimmed = url.trim();
    if (trimmed.startsWith("mock://")) {
      String scope = trimmed.substring("mock://".length());
      return MOCKS.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }
    if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
      return new HttpSchemaRegistry(trimmed, timeout);
    }
    throw new IllegalArgumentException("schema registry URL must start with http://, https:// or mock://,"
        + " was " + url);
  }

  /** Forgets the in-memory registry of {@code mock://scope} (between tests). */
  public static void dropMock(String scope) {
    MOCKS.remove(scope);
  }
}
