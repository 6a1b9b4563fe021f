package io.netledger.allocator.ipam;

import io.netledger.avro.AcceptedFact;
import io.netledger.events.topic.Topics;
import java.util.Optional;

/**
 * The allocator as the one gatekeeper of facts: for each input it decided, the record for
 * {@code netledger.accepted-facts.v1} when it accepted the input (applied it, or found it a repeat
 * of what is in force), nothing when it refused it. Written by the Streams processor in the
 * decision's transaction and rebuilt the same way by {@code audit}; the mesh reads these facts
 * instead of the raw input topics, so every view follows the same accepted history.
 *
 * <pre>{@code
 * Decision d = delta.replay(e);
 * AcceptedFacts.of(e, d).ifPresent(out::add);
 * }</pre>
 */
public final class AcceptedFacts {
  private AcceptedFacts() {}

  public static Optional<OutputRecord> of(InputEvent e, Decision d) {
    if (d.outcome() == Decision.Outcome.REJECTED) {
      return Optional.empty();
    }
    return Optional.of(new OutputRecord(Topics.ACCEPTED_FACTS.name(), e.key(), new AcceptedFact(e.cause(), e.envelope())));
  }
}
