package io.netledger.allocator.ipam;

import java.util.List;

/**
 * What the allocator did with one input: every input ends in exactly one decision, so none is
 * ever lost without trace.
 *
 * @param outcome what kind of decision it was
 * @param records what it wrote, in order (a rejection is a record on the rejected topic; for
 *     {@link Outcome#NO_OP} the list is empty)
 */
public record Decision(Outcome outcome, List<OutputRecord> records) {
  public Decision {
    records = List.copyOf(records);
  }

  public enum Outcome {
    /**
     * The input changed the state; the records say how. An applied NetworkCreated or
     * HostRegistered also holds the records of the waiting starts it completed (see {@link
     * WaitingStart}), which carry those starts' causes, Rejections included.
     */
    APPLIED,
    /** The input repeats what is already in force; the records re-emit the current value (if any). */
    DUPLICATE,
    /** The input repeats what is in force and nothing needs saying (e.g. an identical NetworkCreated). */
    NO_OP,
    /**
     * The input could not be applied; the records hold one Rejection (and a FAILED allocation for
     * a start, plus its waiting record when only its network or host was missing).
     */
    REJECTED
  }
}
