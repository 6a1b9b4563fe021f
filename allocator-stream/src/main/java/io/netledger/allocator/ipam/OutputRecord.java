package io.netledger.allocator.ipam;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record a decision writes: to an output topic ({@code Topics.X.name()}) or to one of the
 * allocator's own state sections ({@link StateSections}), which only its store keeps.
 *
 * @param topic a topic name from {@code Topics}, or a {@link StateSections} name
 * @param key the record key (null only for a rejection of an input that had none)
 * @param value the value, or null for a tombstone (the key is forgotten)
 */
public record OutputRecord(String topic, String key, SpecificRecord value) {
  public OutputRecord {
    Objects.requireNonNull(topic, "topic");
  }

  public boolean tombstone() {
    return value == null;
  }

  /** True for records only the allocator's store keeps (no topic carries them). */
  public boolean internal() {
    return StateSections.isSection(topic);
  }
}
