package io.netledger.support.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an exactly-once stream app left on disk when it did not stop cleanly (kill -9, OOM, power):
 * Kafka Streams deletes a task's {@code .checkpoint} when it starts processing and writes it
 * again only on a clean close, so a task directory holding a store but no checkpoint may hold
 * uncommitted writes. Streams finds that itself, but only after the group has assigned the task,
 * and says so with a {@code TaskCorruptedException} stack trace at WARN and ERROR from four
 * loggers before it wipes the store and restores it from the changelog anyway. Doing the same
 * wipe before Streams starts gives the same result (the store is rebuilt from the committed
 * changelog) with one calm line instead.
 *
 * <p>In: the app's {@code state.dir} and {@code application.id}. Out: the task directories
 * removed. The process metadata file (the stable process id, hence the same transactional ids
 * and a fast fencing of the dead instance's producer) and the directory lock are kept.
 */
public final class UncleanState {
  /** Kafka Streams' checkpoint file name in a task directory (StateManagerUtil.CHECKPOINT_FILE_NAME). */
  static final String CHECKPOINT = ".checkpoint";

  private UncleanState() {}

  /**
   * Removes every task directory under {@code stateDir/applicationId} that holds a store
   * ({@code rocksdb/} not empty) and no {@code .checkpoint}; returns their names (e.g. "1_0").
   */
  public static List<String> wipe(Path stateDir, String applicationId) {
    Path app = stateDir.resolve(applicationId);
    List<String> wiped = new ArrayList<>();
    if (!Files.isDirectory(app)) {
      return wiped;
    }
    try (Stream<Path> tasks = Files.list(app)) {
      for (Path task : tasks.filter(Files::isDirectory).sorted().toList()) {
        if (holdsAStore(task) && !Files.exists(task.resolve(CHECKPOINT))) {
          delete(task);
          wiped.add(task.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state directory " + app + ": " + e.getMessage(), e);
    }
    return wiped;
  }

  private static boolean holdsAStore(Path task) throws IOException {
    Path rocks = task.resolve("rocksdb");
    if (!Files.isDirectory(rocks)) {
      return false;
    }
    try (Stream<Path> s = Files.list(rocks)) {
      return s.findAny().isPresent();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
