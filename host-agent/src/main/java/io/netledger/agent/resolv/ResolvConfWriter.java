package io.netledger.agent.resolv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes {@code <root>/<netns>/resolv.conf} match the desired contents ({@link ResolvConf#desired}):
 * writes what differs (temp file + rename, so a process reading it never sees half a file),
 * removes the files this host wrote for namespaces that are gone, and never touches a file that
 * does not start with {@link ResolvConf#MARKER}.
 *
 * <p>Call {@link #reconcile} only once the view has caught up with the log: before that, a
 * missing endpoint may just not have been read yet and removing its file would be wrong.
 */
public final class ResolvConfWriter {
  /** Where {@code ip netns exec} looks for per-namespace files. */
  public static final Path PRODUCTION_ROOT = Path.of("/etc/netns");
  static final String FILE = "resolv.conf";

  private final Path root;
  private final String hostId;

  /** Files under {@code root} (normally {@link #PRODUCTION_ROOT}) written for host {@code hostId}. */
  public ResolvConfWriter(Path root, String hostId) {
    this.root = root;
    this.hostId = hostId;
  }

  /** What one reconcile did, and the namespaces it had to leave alone (with why). */
  public record Result(List<String> written, List<String> removed, List<String> skipped) {}

  /** Writes and removes files until the directory matches {@code desired} (netns name -> content). */
  public Result reconcile(Map<String, String> desired) {
    List<String> written = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    desired.forEach((netns, content) -> {
      switch (write(netns, content)) {
        case WRITTEN -> written.add(netns);
        case FOREIGN -> skipped.add(netns + ": " + root.resolve(netns).resolve(FILE) + " was not written by netledger");
        case UNCHANGED -> { }
      }
    });
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
        for (Path dir : dirs) {
          String netns = dir.getFileName().toString();
          if (!desired.containsKey(netns) && remove(dir)) {
            removed.add(netns);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root, e);
      }
    }
    return new Result(List.copyOf(written), List.copyOf(removed), List.copyOf(skipped));
  }

  /** What {@link #write} did. */
  public enum Outcome { WRITTEN, UNCHANGED, FOREIGN }

  /**
   * Makes one namespace's file hold {@code content}, unless a file not written by netledger is
   * there (FOREIGN: left alone, someone else configured that namespace).
   */
  public Outcome write(String netns, String content) {
    Path file = root.resolve(requireName(netns)).resolve(FILE);
    Optional<String> current = read(file);
    if (current.isPresent() && !current.get().startsWith(ResolvConf.MARKER)) {
      return Outcome.FOREIGN;
    }
    if (current.equals(Optional.of(content))) {
      return Outcome.UNCHANGED;
    }
    writeAtomically(file, content);
    return Outcome.WRITTEN;
  }

  private static String requireName(String netns) {
    if (!ResolvConf.netnsName(netns).equals(Optional.of(netns))) {
      throw new IllegalArgumentException("'" + netns + "' is not a namespace name");
    }
    return netns;
  }

  /** Removes this host's file of one namespace (and its directory when that leaves it empty). */
  public boolean remove(String netns) {
    return remove(root.resolve(requireName(netns)));
  }

  private boolean remove(Path dir) {
    Path file = dir.resolve(FILE);
    String ours = ResolvConf.firstLine(hostId) + "\n";
    if (!read(file).map(c -> c.startsWith(ours)).orElse(false)) {
      return false;
    }
    try {
      Files.deleteIfExists(file);
      try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
        if (!rest.iterator().hasNext()) {
          Files.deleteIfExists(dir);
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void writeAtomically(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + FILE + ".netledger-tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING); // same directory: cannot happen on Linux
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
