package io.netledger.allocator.ipam;

import io.netledger.avro.ContainerEvent;
import io.netledger.avro.HostEvent;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkEvent;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One decoded input record as the allocator sees it.
 *
 * @param cause where the record lies in the log (copied into every output it causes)
 * @param occurredAt the envelope's occurredAt (copied into every output it causes)
 * @param key the record key (the rejected-topic key when it is refused)
 * @param envelope a {@link NetworkEvent}, {@link HostEvent} or {@link ContainerEvent}
 */
public record InputEvent(InputCoordinates cause, Instant occurredAt, String key, SpecificRecord envelope) {
  public InputEvent {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(envelope, "envelope");
    if (!(envelope instanceof NetworkEvent || envelope instanceof HostEvent || envelope instanceof ContainerEvent)) {
      throw new IllegalArgumentException("not an input envelope: " + envelope.getClass().getName());
    }
  }

  /** Builds an input from an envelope, taking occurredAt and eventId from it. */
  public static InputEvent of(String topic, int partition, long offset, String key, SpecificRecord envelope) {
    Instant at;
    String eventId;
    if (envelope instanceof NetworkEvent e) {
      at = e.getOccurredAt();
      eventId = e.getEventId();
    } else if (envelope instanceof HostEvent e) {
      at = e.getOccurredAt();
      eventId = e.getEventId();
    } else if (envelope instanceof ContainerEvent e) {
      at = e.getOccurredAt();
      eventId = e.getEventId();
    } else {
      throw new IllegalArgumentException("not an input envelope: " + envelope.getClass().getName());
    }
    return new InputEvent(new InputCoordinates(topic, partition, offset, eventId), at, key, envelope);
  }
}
