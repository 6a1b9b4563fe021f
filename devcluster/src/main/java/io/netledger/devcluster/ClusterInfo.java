package io.netledger.devcluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a running dev cluster is: what {@code netledger dev} writes to
 * {@code <dataDir>/cluster.json} and other commands read to find it; {@code brokers} lists each
 * KRaft node with its pid and address (rewritten when a node restarts), empty when the file was
 * made by hand or by an older version.
 *
 * <pre>{@code {"bootstrapServers": "127.0.0.1:40123,127.0.0.1:40127", "registryUrl": "http://127.0.0.1:40125/apis/ccompat/v7",
 *  "brokers": [{"id": 1, "address": "127.0.0.1:40123", "pid": 4242, "netns": null}, ...]}}</pre>
 */
public record ClusterInfo(String bootstrapServers, String registryUrl, List<Broker> brokers, boolean secure,
    Map<String, String> credentials) {
  /** One node: its id, client address, process and the namespace it runs in (null: the root one). */
  public record Broker(int id, String address, long pid, String netns) {}

  /** The Kafka user whose credentials a CLI command uses when none is named: the dev operator. */
  public static final String DEFAULT_USER = "operator-admin";

  /**
   * @param secure the brokers listen on TLS with client certificates and authorize
   * @param credentials Kafka user ({@code Principal.kafkaUser()}) to its credentials directory
   *     ({@code io.netledger.events.security.KafkaTls#in}); empty when not secure
   */
  public ClusterInfo {
    brokers = brokers == null ? List.of() : List.copyOf(brokers);
    credentials = credentials == null ? Map.of() : Map.copyOf(new TreeMap<>(credentials));
  }

  public ClusterInfo(String bootstrapServers, String registryUrl, List<Broker> brokers) {
    this(bootstrapServers, registryUrl, brokers, false, Map.of());
  }

  /** A cluster known only by its addresses (flags, or another deployment). */
  public ClusterInfo(String bootstrapServers, String registryUrl) {
    this(bootstrapServers, registryUrl, List.of());
  }

  /** The credentials directory of {@code kafkaUser}, if this cluster is secure and has one. */
  public java.util.Optional<Path> credentialsOf(String kafkaUser) {
    String dir = credentials.get(kafkaUser);
    return dir == null ? java.util.Optional.empty() : java.util.Optional.of(Path.of(dir));
  }


  public static final String FILE_NAME = "cluster.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public static ClusterInfo read(Path file) {
    try {
      return JSON.readValue(file.toFile(), ClusterInfo.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cluster info " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes atomically (temp file + rename), so a reader never sees half a file. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, FILE_NAME, ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cluster info " + file + ": " + e.getMessage(), e);
    }
  }
}
