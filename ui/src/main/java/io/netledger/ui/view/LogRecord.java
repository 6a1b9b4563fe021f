package io.netledger.ui.view;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record as the view reads it: where it lies, its key, and its decoded value (null for a
 * tombstone). The coordinates are what a rejection names, so the view can tell which input a
 * rejection refers to.
 */
public record LogRecord(String topic, int partition, long offset, String key, SpecificRecord value) {
  /** {@code topic/partition@offset}, the form {@link #coordinates(String, int, long)} gives. */
  public String coordinates() {
    return coordinates(topic, partition, offset);
  }

  public static String coordinates(String topic, int partition, long offset) {
    return topic + "/" + partition + "@" + offset;
  }
}
