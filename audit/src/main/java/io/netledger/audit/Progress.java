package io.netledger.audit;

import java.io.PrintWriter;

/**
 * Records done, rate and ETA of a long read, redrawn in place at most twice a second: only on a
 * terminal, so scripts and pipes that capture stderr get no carriage-return noise.
 *
 * <pre>{@code
 * Progress p = Progress.onTerminal(err, "replaying decisions");
 * p.total(end); ... p.at(done); ... p.done();
 * }</pre>
 */
public final class Progress {
  private static final long REDRAW_NANOS = 500_000_000L;

  private final PrintWriter out;
  private final String what;
  private final long start = System.nanoTime();
  private long total = -1;
  private long done;
  private long lastDraw;
  private boolean drawn;

  private Progress(PrintWriter out, String what) {
    this.out = out;
    this.what = what;
  }

  /** A progress line on {@code out} when this process has a terminal, else one that prints nothing. */
  public static Progress onTerminal(PrintWriter out, String what) {
    return new Progress(System.console() != null ? out : null, what);
  }

  public static Progress quiet() {
    return new Progress(null, "");
  }

  public void total(long total) {
    this.total = total;
  }

  /** Records done so far (absolute, not an increment). */
  public void at(long done) {
    this.done = done;
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(now);
    }
  }

  public void done() {
    if (out != null && drawn) {
      out.print("\r\033[K");
      out.flush();
    }
  }

  private void draw(long now) {
    double secs = Math.max(1e-3, (now - start) / 1e9);
    double rate = done / secs;
    StringBuilder s = new StringBuilder("\r\033[K").append(what).append(": ").append(String.format("%,d", done));
    if (total > 0) {
      s.append('/').append(String.format("%,d", total));
    }
    s.append(String.format("  %,.0f/s", rate));
    if (total > done && rate > 0) {
      s.append(String.format("  ETA %.0f s", (total - done) / rate));
    }
    out.print(s);
    out.flush();
    drawn = true;
  }
}
