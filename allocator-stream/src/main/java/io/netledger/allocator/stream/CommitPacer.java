package io.netledger.allocator.stream;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Ends the allocator's transactions by work done instead of by a short clock. A commit under
 * exactly_once_v2 costs ~15 ms whatever it carries (producer flush, sendOffsetsToTransaction,
 * commit: issue 17), so a 5 ms commit interval spent half the thread committing ~25 inputs at a
 * time. A task using a pacer asks Streams for a commit ({@link ProcessingContext#commit()}):
 * <ul>
 *   <li>when it has processed {@code maxInputs} records since its last request (a backlog ends
 *       a transaction per batch of inputs), or</li>
 *   <li>on a wall-clock tick every {@code tick} when it processed records before and none since
 *       the last tick: its input has gone quiet, so a single start at light load is committed
 *       (and its allocation readable) about one {@code poll.ms} after it was decided, instead of
 *       waiting for the commit interval.</li>
 * </ul>
 * {@code commit.interval.ms} stays the ceiling when records keep arriving without a pause. The
 * request commits every task of the thread (one producer, one transaction), so what was processed
 * is always committed together, as before: pacing changes when a transaction ends, never what it
 * holds.
 *
 * <pre>{@code
 * pacer = CommitPacer.start(context, 1_000, Duration.ofMillis(1));   // in init()
 * pacer.processed();                                                   // after each record
 * }</pre>
 */
public final class CommitPacer {
  /** Inputs per transaction before a commit is requested (one decision-order batch). */
  static final int MAX_INPUTS = 1_000;
  /**
   * Streams property (allocator-specific, read from the app's config) with the inputs per
   * transaction; {@code 0} turns pacing off (commits by {@code commit.interval.ms} only, the
   * behaviour before issue 17, kept for {@code bench/run AllocatorBench --before}).
   */
  public static final String MAX_INPUTS_CONFIG = "netledger.allocator.commit.max.inputs";
  /** How often a task checks whether its input has gone quiet. */
  static final Duration TICK = Duration.ofMillis(1);

  private final ProcessingContext context;
  private final int maxInputs;
  private int sinceRequest;
  private boolean sinceTick;

  private CommitPacer(ProcessingContext context, int maxInputs) {
    this.context = context;
    this.maxInputs = maxInputs;
  }

  /**
   * A pacer for the task of {@code context} with {@link #MAX_INPUTS_CONFIG} from its app config
   * (default {@link #MAX_INPUTS}), or null when that is 0 (no pacing).
   */
  static CommitPacer fromConfig(ProcessingContext context) {
    Object v = context.appConfigs().get(MAX_INPUTS_CONFIG);
    int max;
    try {
      max = v == null ? MAX_INPUTS : Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_INPUTS_CONFIG + " must be an integer, not '" + v + "'", e);
    }
    if (max < 0) {
      throw new IllegalArgumentException(MAX_INPUTS_CONFIG + " must be >= 0, not " + max);
    }
    return max == 0 ? null : start(context, max, TICK);
  }

  /** A pacer for the task of {@code context}, its tick scheduled on wall-clock time. */
  static CommitPacer start(ProcessingContext context, int maxInputs, Duration tick) {
    if (maxInputs < 1) {
      throw new IllegalArgumentException("maxInputs must be >= 1, not " + maxInputs);
    }
    CommitPacer p = new CommitPacer(context, maxInputs);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> p.tick());
    return p;
  }

  /** Call once per record processed. */
  void processed() {
    sinceTick = true;
    if (++sinceRequest >= maxInputs) {
      request();
    }
  }

  private void tick() {
    if (sinceRequest > 0 && !sinceTick) {
      request();
    }
    sinceTick = false;
  }

  private void request() {
    context.commit();
    sinceRequest = 0;
  }
}
