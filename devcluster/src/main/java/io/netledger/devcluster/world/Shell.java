package io.netledger.devcluster.world;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command (ip, ping, dig, ...) and captures what it printed. */
public final class Shell {
  private Shell() {}

  /** What a command did: its exit code and its combined output. */
  public record Result(List<String> command, int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** Throws naming the command and its output unless it succeeded. */
    public Result orThrow() {
      if (exitCode != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (exit " + exitCode + "): "
            + output.strip());
      }
      return this;
    }
  }

  public static Result run(List<String> command, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      // Commands here print little; reading after exit cannot dead-lock on a full pipe of that size,
      // but read concurrently anyway so a chatty command cannot block.
      var out = new java.io.ByteArrayOutputStream();
      Thread reader = new Thread(() -> {
        try {
          p.getInputStream().transferTo(out);
        } catch (IOException ignored) {
          // the process went away; what was read is what there is
        }
      });
      reader.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        reader.join(1000);
        return new Result(command, 124, out.toString(StandardCharsets.UTF_8) + "\n(timed out after "
            + timeoutSeconds + " s)");
      }
      reader.join(5000);
      return new Result(command, p.exitValue(), out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  public static Result run(String... command) {
    return run(List.of(command), 30);
  }

  /** Runs {@code command} inside network namespace {@code ns} ({@code ip netns exec}). */
  public static Result inNetns(String ns, long timeoutSeconds, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(command));
    return run(full, timeoutSeconds);
  }

  /** True when this process may create namespaces and the iproute2 tools exist. */
  public static boolean canBuildNamespaces() {
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      return root && run(List.of("ip", "-V"), 5).ok();
    } catch (UncheckedIOException e) {
      return false;
    }
  }
}
