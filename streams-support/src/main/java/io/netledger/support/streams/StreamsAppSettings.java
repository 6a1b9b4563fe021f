package io.netledger.support.streams;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every netledger stream app (allocator, mesh) is configured with, read from a properties
 * file ({@link #load}) whose keys are the constants below, then overridden by flags; any
 * {@code streams.*} key goes to Kafka Streams as-is (e.g. {@code streams.commit.interval.ms=50}).
 * Each app's own config record adds its defaults and its own keys on top.
 *
 * <pre>
 * bootstrap.servers=127.0.0.1:9092
 * registry.url=http://127.0.0.1:8081/apis/ccompat/v7
 * application.id=netledger-allocator
 * state.dir=/var/lib/netledger/allocator
 * http.host=127.0.0.1
 * http.port=7070
 * num.standby.replicas=1
 * </pre>
 */
public record StreamsAppSettings(String bootstrap, String registryUrl, String applicationId, Path stateDir,
    String httpHost, int httpPort, int standbyReplicas, Properties streamsOverrides) {

  public static final String BOOTSTRAP = "bootstrap.servers";
  public static final String REGISTRY = "registry.url";
  public static final String APPLICATION_ID = "application.id";
  public static final String STATE_DIR = "state.dir";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_PORT = "http.port";
  public static final String STANDBY = "num.standby.replicas";
  public static final String STREAMS_PREFIX = "streams.";
  /** The app's credentials directory ({@code KafkaTls}); absent: plaintext. */
  public static final String TLS_DIR = "tls.dir";

  public StreamsAppSettings {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(BOOTSTRAP + " is required");
    }
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalArgumentException(REGISTRY + " is required");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException(HTTP_PORT + " must be 0..65535, not " + httpPort);
    }
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException(STANDBY + " must be >= 0, not " + standbyReplicas);
    }
  }

  /** {@code streams} with this app's id, state directory and standby count set; returns it. */
  public Properties applyTo(Properties streams) {
    streams.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    streams.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    // Static membership: a restarted instance (same host, same state directory) takes its old
    // place in the group at once, instead of waiting out the dead member's session (~45 s were
    // measured after a kill -9) and a rebalance. A member that does not come back is dropped
    // after the session timeout, 15 s rather than 45.
    streams.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId());
    streams.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 15_000);
    return streams;
  }

  /** This instance's stable name in the group: application id, host name, state directory. */
  public String instanceId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    String dir = stateDir.toAbsolutePath().normalize().toString();
    return applicationId + "-" + host + "-" + Integer.toHexString(dir.hashCode());
  }

  /** Reads a properties file; an UncheckedIOException names the file. */
  public static Properties load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    return p;
  }

  /** The settings from properties; missing optional keys take the app's defaults. */
  public static StreamsAppSettings from(Properties p, String defaultApplicationId, int defaultHttpPort) {
    Properties streams = new Properties();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(STREAMS_PREFIX)) {
        streams.put(k.substring(STREAMS_PREFIX.length()), p.getProperty(k));
      }
    }
    String tls = p.getProperty(TLS_DIR);
    if (tls != null && !tls.isBlank()) {
      // Every client Streams makes (consumers, producers, admin) takes the top-level ssl.* keys.
      streams.putAll(io.netledger.events.security.KafkaTls.in(Path.of(tls)).clientProperties());
    }
    String appId = p.getProperty(APPLICATION_ID, defaultApplicationId);
    String state = p.getProperty(STATE_DIR);
    return new StreamsAppSettings(p.getProperty(BOOTSTRAP), p.getProperty(REGISTRY), appId,
        state == null ? Path.of(System.getProperty("java.io.tmpdir"), "netledger-state", appId) : Path.of(state),
        p.getProperty(HTTP_HOST, "127.0.0.1"), integer(p, HTTP_PORT, defaultHttpPort), integer(p, STANDBY, 1), streams);
  }

  /** An integer key; IllegalArgumentException names the key when it is not one. */
  public static int integer(Properties p, String key, int dflt) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, not '" + v + "'");
    }
  }
}
