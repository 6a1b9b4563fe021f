package io.netledger.devcluster.world;

import io.netledger.devcluster.ChildProcess;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code netledger <args>} as a separate JVM, optionally inside a network namespace, on
 * this JVM's own classpath: how the end-to-end tests and the demo run the stream apps and the
 * agents as the separate processes they are in production, with the JVM options the launcher
 * gives them ({@link JvmOptions}).
 */
public final class NetledgerProcess {
  /** What the launcher sets too. */
  static final String MALLOC_ARENA_MAX = "2";

  private NetledgerProcess() {}

  /**
   * @param netns the namespace to run in ({@code ip netns exec}, which execs, as {@code env}
   *     does, so the JVM keeps the pid and receives the SIGTERM of {@link ChildProcess#stop}), or
   *     null for this one
   */
  public static ChildProcess start(String name, String netns, Path workDir, List<String> args) {
    List<String> cmd = new ArrayList<>();
    if (netns != null) {
      cmd.addAll(List.of("ip", "netns", "exec", netns));
    }
    // As the ./netledger launcher runs it: glibc's malloc keeps at most two arenas (one per
    // thread by default, each reserving 64 MB and keeping what it touched), and the command's
    // own JVM options.
    cmd.addAll(List.of("env", "MALLOC_ARENA_MAX=" + MALLOC_ARENA_MAX));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmOptions.of(args.get(0)));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.io.netledger=info");
    cmd.add("-cp");
    // Absolute, because the child runs in workDir and this JVM may have been started with a
    // relative classpath (as the ./netledger wrapper is from a checkout).
    cmd.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
    cmd.add("io.netledger.cli.Main");
    cmd.addAll(args);
    return ChildProcess.start(name, cmd, workDir, workDir.resolve(name + ".log"));
  }

}
