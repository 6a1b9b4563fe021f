package io.netledger.events.publish;

import io.netledger.avro.AcceptedFact;
import io.netledger.avro.Allocation;
import io.netledger.avro.Rejection;
import java.util.List;

/** The allocator's verdict on one published input, as {@link DecisionWatch} found it. */
public sealed interface Decision {
  /** Where the input lies (the coordinates the publisher returned). */
  Published input();

  /** Accepted: the fact, and the allocations it caused (empty for inputs that allocate nothing). */
  record Accepted(Published input, AcceptedFact fact, List<Allocation> allocations) implements Decision {
    public Accepted {
      allocations = List.copyOf(allocations);
    }
  }

  /** Refused: the rejection naming the input's coordinates, with its reason and message. */
  record Refused(Published input, Rejection rejection) implements Decision {}
}
