package io.netledger.devcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server the dev cluster runs as a separate process, with its output in a log file.
 *
 * <p>{@link #stop} asks politely (SIGTERM, so Kafka and Quarkus shut down cleanly and keep their
 * data consistent), waits, then kills the whole process tree: the descendants are listed before
 * the parent dies because afterwards they are re-parented and no longer ours to find.
 */
public final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir}, stdout and stderr appended to {@code log}. */
  public static ChildProcess start(String name, List<String> command, Path workDir, Path log) {
    try {
      Files.createDirectories(workDir);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new ClusterStartException(name + " could not be launched (" + command.get(0) + "): " + e.getMessage(),
          log, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Throws, with the end of the log, when the process has already exited. */
  public void checkAlive() {
    if (!process.isAlive()) {
      throw new ClusterStartException(name + " exited with status " + process.exitValue()
          + " during start; log " + log + ", last lines:\n" + tail(30), log, null);
    }
  }

  /** SIGTERM, up to {@code graceSeconds} to exit, then SIGKILL to it and everything it started. */
  public void stop(long graceSeconds) {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : tree) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  /** The last {@code lines} lines of the log (for error messages). */
  public String tail(int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log written)";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
