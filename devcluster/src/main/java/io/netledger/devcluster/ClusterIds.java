package io.netledger.devcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;

/**
 * The KRaft cluster id of a dev cluster's data directory: made once, kept in {@code cluster.id},
 * so every node is formatted with the same one and a restart finds it again.
 */
final class ClusterIds {
  static final String FILE = "cluster.id";

  private ClusterIds() {}

  static synchronized String of(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Files.createDirectories(dir);
      String id = Uuid.randomUuid().toString();
      Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the cluster id " + file + ": " + e.getMessage(), e);
    }
  }
}
