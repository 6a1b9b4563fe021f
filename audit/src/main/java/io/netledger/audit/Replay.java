package io.netledger.audit;

import io.netledger.allocator.ipam.AcceptedFacts;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.Decision;
import io.netledger.allocator.ipam.AllocatorDelta;
import io.netledger.allocator.ipam.AllocatorImage;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.allocator.stream.DecisionInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays decisions through the same pure allocator the stream app runs ({@link AllocatorDelta}
 * on an {@link AllocatorImage}), exactly as {@code AllocatorProcessor} does: an undecodable input
 * becomes its rejection, an input the allocator throws on leaves the image as it was and becomes a
 * "failed" rejection. Each decision's output records update the expected {@link Views} and are
 * handed to the listeners (histories, the mesh replay).
 *
 * <pre>{@code
 * Replay r = new Replay(AllocatorConfig.DEFAULT, List.of(history));
 * DecisionLog.read(source, null, r::accept, progress);
 * r.views().view(Topics.ALLOCATIONS);
 * }</pre>
 */
public final class Replay {
  /** Told about every decision, in order, with the records it wrote to topics. */
  @FunctionalInterface
  public interface Listener {
    void decided(Step step, List<OutputRecord> outputs);
  }

  private final AllocatorConfig config;
  private final List<Listener> listeners;
  private final Views views = new Views();
  private AllocatorImage image = AllocatorImage.EMPTY;
  private long decisions;

  public Replay(AllocatorConfig config, List<? extends Listener> listeners) {
    this.config = config;
    this.listeners = List.copyOf(listeners);
  }

  public void accept(Step step) {
    DecisionInput in = step.input();
    List<OutputRecord> outputs;
    if (in.event() == null) {
      outputs = List.of(in.rejection());
    } else {
      outputs = decide(step, in.event());
    }
    for (OutputRecord o : outputs) {
      views.apply(o.topic(), o.key(), o.value());
    }
    decisions++;
    for (Listener l : listeners) {
      l.decided(step, outputs);
    }
  }

  private List<OutputRecord> decide(Step step, InputEvent e) {
    AllocatorDelta delta = image.delta(config);
    Decision decision;
    try {
      decision = delta.replay(e);
    } catch (RuntimeException ex) {
      return List.of(DecisionInput.failed(e, step.value(), step.timestamp().toEpochMilli(), ex));
    }
    image = delta.apply();
    List<OutputRecord> out = new ArrayList<>();
    for (OutputRecord o : delta.changes()) {
      if (!o.internal()) {
        out.add(o);
      }
    }
    // As the processor: the accepted fact follows the decision's own records.
    AcceptedFacts.of(e, decision).ifPresent(out::add);
    return out;
  }

  public AllocatorImage image() {
    return image;
  }

  public Views views() {
    return views;
  }

  public long decisions() {
    return decisions;
  }
}
