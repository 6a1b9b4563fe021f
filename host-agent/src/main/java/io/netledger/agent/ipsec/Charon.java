package io.netledger.agent.ipsec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One charon (strongSwan's IKE daemon) for this host, in the agent's network namespace, with its
 * own files under {@code dir}: {@code strongswan.conf}, the VICI socket {@code charon.vici}, the log
 * {@code charon.log} and a private {@code /run} ({@code dir/run}).
 *
 * <p>Why the private /run: charon's pid file path is compiled in ({@code /run/charon.pid}), so two
 * charons on one machine (one per host namespace in the test world, or one beside a system
 * strongSwan) would refuse each other. {@code unshare -m} gives charon its own mount namespace
 * where {@code dir/run} is bind-mounted over /run; the network namespace is inherited.
 */
public final class Charon implements AutoCloseable {
  public static final List<String> BINARIES = List.of("/usr/lib/ipsec/charon", "/usr/libexec/ipsec/charon");

  private final Path dir;
  private final List<String> wrapper;
  private Process process;

  /**
   * @param dir where the charon's files live (created)
   * @param wrapper prefix for the command, e.g. {@code ip netns exec nlh-H1} for a test outside the
   *     namespace; empty for the agent, which runs inside its host's namespace
   */
  public Charon(Path dir, List<String> wrapper) {
    if (dir.toAbsolutePath().normalize().startsWith("/run")) {
      // charon sees its private dir/run over /run, which would hide everything else under /run
      throw new IllegalArgumentException("charon's directory must not be under /run: " + dir);
    }
    this.dir = dir;
    this.wrapper = List.copyOf(wrapper);
  }

  public Path socket() {
    return dir.resolve("charon.vici");
  }

  public Path strongswanConf() {
    return dir.resolve("strongswan.conf");
  }

  public Path log() {
    return dir.resolve("charon.log");
  }

  public static Optional<String> binary() {
    return BINARIES.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst();
  }

  /** Starts charon (after writing {@code strongswan.conf}) and waits until its socket answers. */
  public synchronized void start(boolean libipsec, Swanctl swanctl) throws IOException {
    if (alive()) {
      return;
    }
    String bin = binary().orElseThrow(() -> new IOException("charon is not installed (strongswan-charon)"));
    Files.createDirectories(dir.resolve("run"));
    // Stale files of a killed charon: a leftover pid file makes a new charon refuse to start.
    Files.deleteIfExists(dir.resolve("run").resolve("charon.pid"));
    Files.deleteIfExists(socket());
    Files.writeString(strongswanConf(), SwanctlConfig.strongswanConf(socket(), log(), libipsec));
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.addAll(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
        "mount --bind \"$1\" /run && exec \"$2\"", "charon", dir.resolve("run").toString(), bin));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("charon.out").toFile()));
    pb.environment().put("STRONGSWAN_CONF", strongswanConf().toString());
    process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("charon exited with " + process.exitValue() + " (see " + dir.resolve("charon.out") + ")");
      }
      if (Files.exists(socket()) && swanctl.answers()) {
        return;
      }
      sleep(50);
    }
    throw new IOException("charon did not open " + socket() + " within 10 s");
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** charon's pid (the process that {@code sh} exec'd into), or -1. */
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Stops charon: SIGTERM, then SIGKILL after 5 s; waits until the process is gone. */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
