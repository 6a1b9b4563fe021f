package io.netledger.agent.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the doctor's checks may ask of a host; {@link SystemProbes} asks the real one, tests fake
 * it. Every method answers instead of throwing: a program that cannot start is exit code -1.
 */
public interface Probes {
  /** What a program printed (stdout and stderr together) and its exit code (-1: could not run). */
  record Run(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** What a charon started with libipsec reported: its loaded plugins, or why it did not start. */
  record CharonStart(boolean started, List<String> loadedPlugins, List<String> failedPlugins, String detail) {}

  /** The program's path on PATH (or the absolute path itself when executable). */
  Optional<Path> which(String program);

  Run run(List<String> command);

  /**
   * Runs a command inside a fresh scratch network namespace that the probe makes for it and
   * removes again, so kernel features are tried without touching the host's own.
   */
  Run inScratchNetns(List<String> command);

  boolean exists(Path path);

  boolean isRoot();

  /** Starts charon (with libipsec) in a scratch namespace, asks for its plugins and stops it. */
  CharonStart startCharon();

  /** Whether a TCP listener could bind this loopback port now. */
  boolean portFree(String address, int port);

  /** Whether something accepts TCP connections on host:port. */
  boolean connects(String host, int port);

  /** The HTTP status of a GET (-1 when nothing answered). */
  int httpGet(String url);

  Optional<String> env(String name);
}
