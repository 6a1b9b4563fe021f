package io.netledger.agent.ipsec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to one charon through {@code swanctl} and its VICI socket.
 *
 * <p>Why swanctl rather than a hand-written VICI client: {@code --load-all} is declarative (it
 * loads the file's connections and credentials and unloads every connection the file no longer
 * has), which is exactly the reconcile the agent needs; swanctl is strongSwan's own, maintained
 * VICI client, so the wire format, key-type detection and certificate loading are not ours to
 * get wrong; {@code --raw} output is a direct dump of the VICI reply for monitoring. The cost, a
 * short process per call, is paid about once a second by the supervisor, not per packet.
 */
public final class Swanctl {
  /** What a swanctl run printed. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final String executable;
  private final Path conf;
  private final Path strongswanConf;
  private final Path socket;

  public Swanctl(Path conf, Path strongswanConf, Path socket) {
    this("swanctl", conf, strongswanConf, socket);
  }

  /** With another swanctl binary (tests: one that hangs). */
  Swanctl(String executable, Path conf, Path strongswanConf, Path socket) {
    this.executable = executable;
    this.conf = conf;
    this.strongswanConf = strongswanConf;
    this.socket = socket;
  }

  /** Loads credentials and connections of the file, unloading connections it no longer has. */
  public Result loadAll() {
    return run(List.of("--load-all", "--noprompt", "--file", conf.toString()), 20);
  }

  public Map<String, SaList.IkeSa> listSas() {
    Result r = run(List.of("--list-sas", "--raw"), 10);
    if (!r.ok()) {
      throw new IllegalStateException("swanctl --list-sas failed: " + r.output().strip());
    }
    return SaList.parse(r.output());
  }

  /**
   * Starts the connection's IKE and CHILD SA; waits at most {@code timeoutSeconds} (charon goes on
   * trying in the background after that, {@code keyingtries=0}).
   */
  public Result initiate(String name, int timeoutSeconds) {
    return run(List.of("--initiate", "--ike", name, "--child", name, "--timeout", Integer.toString(timeoutSeconds)),
        timeoutSeconds + 10);
  }

  /** Ends an IKE SA (e.g. of a peer that left the mesh); charon notifies the peer. */
  public Result terminate(String name) {
    return run(List.of("--terminate", "--ike", name, "--force", "--timeout", "2"), 12);
  }

  /** charon's uptime, worker and plugin counts ({@code loaded plugins: ...}): what the doctor reads. */
  public Result stats() {
    return run(List.of("--stats"), 5);
  }

  /** Whether charon answers on the socket. */
  public boolean answers() {
    return run(List.of("--stats"), 5).ok();
  }

  /** Runs swanctl; never blocks longer than {@code timeoutSeconds}, even when swanctl hangs. */
  Result run(List<String> args, long timeoutSeconds) {
    List<String> cmd = new ArrayList<>(List.of(executable));
    cmd.addAll(args);
    cmd.addAll(List.of("--uri", "unix://" + socket));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("STRONGSWAN_CONF", strongswanConf.toString());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      // Output is small (a few KiB per SA), read on its own thread so that a swanctl that hangs
      // with its pipe open cannot hold the supervisor past the timeout.
      CompletableFuture<byte[]> out = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try {
          out.complete(p.getInputStream().readAllBytes());
        } catch (IOException e) {
          out.completeExceptionally(e);
        }
      }, "swanctl-output");
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new Result(-1, "swanctl timed out after " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (IOException | ExecutionException | TimeoutException e) {
      return new Result(-1, "cannot run swanctl (install strongswan-swanctl): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
