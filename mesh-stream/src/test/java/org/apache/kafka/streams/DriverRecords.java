package org.apache.kafka.streams;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Test-only access to the records a {@link TopologyTestDriver} produced, with the partition its
 * StreamPartitioner chose: {@code TestOutputTopic} drops the partition, and the mesh's tests must
 * check it. Lives in the driver's package because {@code readRecord} is package-private.
 */
public final class DriverRecords {
  private DriverRecords() {}

  /** The next record produced to {@code topic}, or null when none is left. */
  public static ProducerRecord<byte[], byte[]> next(TopologyTestDriver driver, String topic) {
    return driver.readRecord(topic);
  }
}
