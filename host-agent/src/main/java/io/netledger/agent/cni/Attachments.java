package io.netledger.agent.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The attachments this host's CNI door made, one small JSON file each under a state directory.
 * On disk rather than in memory so that an agent restart still knows which containers came
 * through CNI: GC must only remove what CNI added, never containers other orchestrators
 * published, and a DEL after a restart must still find its network.
 */
public final class Attachments {
  /** One attachment: what ADD was asked for. */
  public record Attachment(String containerId, String ifName, String networkId, String netns) {}

  // Container ids become file names: refuse anything that could escape the directory.
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public Attachments(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the CNI state directory " + dir, e);
    }
  }

  public static boolean isSafeId(String id) {
    return id != null && SAFE.matcher(id).matches();
  }

  public synchronized void put(Attachment a) {
    Path file = dir.resolve(a.containerId() + ".json");
    Path tmp = dir.resolve(a.containerId() + ".json.tmp");
    try {
      JSON.writeValue(tmp.toFile(), a);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record attachment " + a.containerId() + " in " + dir, e);
    }
  }

  public synchronized Optional<Attachment> get(String containerId) {
    Path file = dir.resolve(containerId + ".json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Attachment.class));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable attachment file " + file, e);
    }
  }

  public synchronized void remove(String containerId) {
    try {
      Files.deleteIfExists(dir.resolve(containerId + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove attachment " + containerId + " from " + dir, e);
    }
  }

  public synchronized List<Attachment> all() {
    List<Attachment> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
        out.add(JSON.readValue(f.toFile(), Attachment.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list attachments in " + dir, e);
    }
    return out;
  }
}
