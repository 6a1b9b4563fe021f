package io.netledger.mesh.state;

import io.netledger.avro.InputCoordinates;
import java.time.Instant;
import java.util.Objects;

/**
 * The input record a decision came from: where it lies in the log and when its event happened.
 * Every slice the mesh writes carries both, so an agent's state can be traced to an input.
 */
public record Cause(InputCoordinates coordinates, Instant occurredAt) {
  public Cause {
    Objects.requireNonNull(coordinates, "coordinates");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** Shorthand for tests and tools: coordinates without an eventId. */
  public static Cause of(String topic, int partition, long offset, Instant occurredAt) {
    return new Cause(new InputCoordinates(topic, partition, offset, null), occurredAt);
  }
}
