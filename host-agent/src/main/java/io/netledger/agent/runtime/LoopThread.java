package io.netledger.agent.runtime;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent loop's thread, remembering why it died: {@link #failure()} is null while it runs and
 * after a normal end (closed), the throwable otherwise, so {@code netledger agent} exits non-zero
 * when its loop dies instead of 0 (a supervisor restarts it; a person sees why).
 */
public final class LoopThread {
  private static final Logger LOG = LoggerFactory.getLogger(LoopThread.class);
  private final Thread thread;
  private final AtomicReference<Throwable> died = new AtomicReference<>();

  private LoopThread(Runnable loop, String hostId) {
    this.thread = new Thread(loop, "netledger-agent-" + hostId);
    thread.setUncaughtExceptionHandler((t, e) -> {
      died.set(e);
      LOG.error("agent loop of {} died", hostId, e);
    });
  }

  /** Runs {@code loop} on a new thread named for {@code hostId}. */
  public static LoopThread start(Runnable loop, String hostId) {
    LoopThread t = new LoopThread(loop, hostId);
    t.thread.start();
    return t;
  }

  /** Blocks until the loop ends (closed, or died). */
  public void join() throws InterruptedException {
    thread.join();
  }

  /** Why the loop died; null while it runs or when it ended normally. */
  public Throwable failure() {
    return died.get();
  }
}
