package io.netledger.agent.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command with optional stdin and a timeout, capturing stdout and stderr: the
 * agent's kernel drivers and the doctor's probes run every program through it.
 */
public final class Exec {
  /** What a command printed and how it ended. */
  public record Output(int exitCode, String stdout, String stderr) {}

  private Exec() {}

  /**
   * Runs {@code command}, writing {@code stdin} (null: none) and waiting at most
   * {@code timeoutSeconds}; a command that cannot start, times out or is interrupted is a
   * {@link KernelException} saying which.
   */
  public static Output run(List<String> command, String stdin, long timeoutSeconds) {
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new KernelException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    // Both pipes are drained on their own threads: a full pipe would block the child forever.
    Drain out = new Drain(p.getInputStream());
    Drain err = new Drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The child exited early; its stderr says why.
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new KernelException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      out.join();
      err.join();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new KernelException("interrupted: " + String.join(" ", command), e);
    }
    return new Output(p.exitValue(), out.text(), err.text());
  }

  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Drain(InputStream in) {
      this.in = in;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      try (in) {
        in.transferTo(buf);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text() {
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}
