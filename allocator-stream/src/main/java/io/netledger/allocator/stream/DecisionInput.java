package io.netledger.allocator.stream;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.events.topic.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.HostEvent;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.validate.EventValidator;
import io.netledger.events.validate.Violation;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns one record of the decision-order topic (key, value bytes, headers stamped by
 * {@link InputStamp}, timestamp) into what the allocator decides on: an {@link InputEvent}, or,
 * when it cannot be one, the Rejection to write. Shared by the Streams processor and by
 * {@code audit}, which reads the same topic with a plain consumer:
 *
 * <pre>{@code
 * DecisionInput in = DecisionInput.of(rec.key(), rec.value(), rec.headers(), rec.timestamp(), serdes);
 * if (in.event() != null) delta.replay(in.event()); else expectRejection(in.rejection());
 * }</pre>
 *
 * @param event the decoded input, or null
 * @param rejection the rejected-topic record when the input could not be decoded, else null
 */
public record DecisionInput(InputEvent event, OutputRecord rejection) {

  public static DecisionInput of(String key, byte[] value, Headers headers, long timestamp, TopicSerdes serdes) {
    InputStamp.Stamp at = InputStamp.Stamp.of(headers);
    Topic<?> topic = Topics.inputs().stream().filter(t -> t.name().equals(at.topic())).findFirst().orElse(null);
    if (topic == null) {
      return rejected(key, value, at, timestamp, RejectionReason.INVALID_INPUT, "not an input topic of the allocator");
    }
    SpecificRecord envelope;
    try {
      envelope = decode(topic, value, serdes);
    } catch (RuntimeException e) {
      return rejected(key, value, at, timestamp, RejectionReason.UNDECODABLE,
          "value is not a " + topic.valueType().getSimpleName() + ": " + e.getMessage());
    }
    if (envelope == null) {
      return rejected(key, value, at, timestamp, RejectionReason.INVALID_INPUT,
          "no value (an input is never a tombstone)");
    }
    // The doors' rules again: any Kafka client can write to an input topic.
    List<Violation> violations = EventValidator.violations(payloadOf(envelope));
    if (!violations.isEmpty()) {
      return rejected(key, value, at, timestamp, RejectionReason.INVALID_INPUT,
          "invalid " + typeOf(envelope) + ": " + EventValidator.describe(violations));
    }
    return new DecisionInput(InputEvent.of(at.topic(), at.partition(), at.offset(), key, envelope), null);
  }

  private static SpecificRecord payloadOf(SpecificRecord envelope) {
    Object p;
    if (envelope instanceof NetworkEvent e) {
      p = e.getPayload();
    } else if (envelope instanceof HostEvent e) {
      p = e.getPayload();
    } else if (envelope instanceof ContainerEvent e) {
      p = e.getPayload();
    } else {
      p = null;
    }
    return p instanceof SpecificRecord r ? r : null;
  }

  private static String typeOf(SpecificRecord envelope) {
    SpecificRecord p = payloadOf(envelope);
    return p == null ? "input" : p.getClass().getSimpleName();
  }

  /** The Rejection for an input the allocator failed on (a bug): the image stays as it was. */
  public static OutputRecord failed(InputEvent e, byte[] value, long timestamp, RuntimeException ex) {
    InputCoordinates c = e.cause();
    return rejection(e.key(), value, c, timestamp, RejectionReason.INCONSISTENT, "allocator failed: " + ex);
  }

  private static <V extends SpecificRecord> V decode(Topic<V> topic, byte[] bytes, TopicSerdes serdes) {
    return serdes.valueSerde(topic).deserializer().deserialize(topic.name(), bytes);
  }

  private static DecisionInput rejected(String key, byte[] value, InputStamp.Stamp at, long timestamp,
      RejectionReason reason, String message) {
    InputCoordinates c = new InputCoordinates(at.topic(), at.partition(), at.offset(), null);
    return new DecisionInput(null, rejection(key, value, c, timestamp, reason, message));
  }

  private static OutputRecord rejection(String key, byte[] value, InputCoordinates c, long timestamp,
      RejectionReason reason, String message) {
    ByteBuffer k = key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
    ByteBuffer v = value == null ? null : ByteBuffer.wrap(value);
    Rejection r = new Rejection(reason, message, c, k, v, Writer.ALLOCATOR.module(), Instant.ofEpochMilli(timestamp));
    return new OutputRecord(Topics.REJECTED.name(), key, r);
  }
}
