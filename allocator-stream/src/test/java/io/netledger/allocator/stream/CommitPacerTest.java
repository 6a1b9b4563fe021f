package io.netledger.allocator.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** When {@link CommitPacer} asks Streams to end a transaction. */
class CommitPacerTest {
  private final MockProcessorContext<String, String> context = new MockProcessorContext<>();

  private void tick() {
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
  }

  @Test
  void aBacklogCommitsEveryMaxInputs() {
    CommitPacer p = CommitPacer.start(context, 3, Duration.ofMillis(1));
    p.processed();
    p.processed();
    assertFalse(context.committed());
    p.processed();
    assertTrue(context.committed());
    context.resetCommit();
    p.processed();
    p.processed();
    assertFalse(context.committed(), "the count starts again after a request");
  }

  @Test
  void aQuietInputCommitsOnTheFirstTickWithoutNewRecords() {
    CommitPacer p = CommitPacer.start(context, 1_000, Duration.ofMillis(1));
    var scheduled = context.scheduledPunctuators().get(0);
    assertEquals(PunctuationType.WALL_CLOCK_TIME, scheduled.getType());
    assertEquals(Duration.ofMillis(1), scheduled.getInterval());
    p.processed();
    tick();
    assertFalse(context.committed(), "records arrived since the last tick: more may be coming");
    tick();
    assertTrue(context.committed(), "none since: the input is quiet");
    context.resetCommit();
    tick();
    tick();
    assertFalse(context.committed(), "nothing processed, nothing to commit");
  }

  @Test
  void theAppConfigSetsTheBatchOrTurnsPacingOff() {
    java.util.Properties p = new java.util.Properties();
    p.put(CommitPacer.MAX_INPUTS_CONFIG, "0");
    assertEquals(null, CommitPacer.fromConfig(new MockProcessorContext<String, String>(p)));
    p.put(CommitPacer.MAX_INPUTS_CONFIG, "2");
    MockProcessorContext<String, String> two = new MockProcessorContext<>(p);
    CommitPacer paced = CommitPacer.fromConfig(two);
    paced.processed();
    paced.processed();
    assertTrue(two.committed());
    p.put(CommitPacer.MAX_INPUTS_CONFIG, "many");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommitPacer.fromConfig(new MockProcessorContext<String, String>(p)));
    assertTrue(e.getMessage().contains(CommitPacer.MAX_INPUTS_CONFIG), e.getMessage());
    assertTrue(CommitPacer.fromConfig(context) != null, "no key: the default batch");
  }

  @Test
  void refusesAnEmptyBatch() {
    assertThrows(IllegalArgumentException.class, () -> CommitPacer.start(context, 0, Duration.ofMillis(1)));
  }
}
