package io.netledger.allocator.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Writes an input record's coordinates (topic, partition, offset) into its headers before it
 * goes through the decision-order topic, where its own coordinates are lost: every allocation
 * and rejection must name the input record that caused it. Headers travel with the record
 * through the repartition topic; the value bytes are left untouched so an undecodable value can
 * still be rejected with its bytes.
 */
final class InputStamp implements FixedKeyProcessor<String, byte[], byte[]> {
  static final String TOPIC = "netledger.input.topic";
  static final String PARTITION = "netledger.input.partition";
  static final String OFFSET = "netledger.input.offset";

  private FixedKeyProcessorContext<String, byte[]> context;
  private CommitPacer pacer;

  @Override
  public void init(FixedKeyProcessorContext<String, byte[]> context) {
    this.context = context;
    // The first hop commits by work done too: its records reach the decision task only once
    // committed (read_committed), so a quiet input is committed at once (CommitPacer).
    this.pacer = CommitPacer.fromConfig(context);
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    RecordMetadata m = context.recordMetadata().orElseThrow();
    Headers h = record.headers();
    h.remove(TOPIC).remove(PARTITION).remove(OFFSET); // never trust a producer's copy
    h.add(TOPIC, bytes(m.topic()));
    h.add(PARTITION, bytes(Integer.toString(m.partition())));
    h.add(OFFSET, bytes(Long.toString(m.offset())));
    context.forward(record);
    if (pacer != null) {
      pacer.processed();
    }
  }

  /** The stamped coordinates, read back after the decision-order topic. */
  record Stamp(String topic, int partition, long offset) {
    static Stamp of(Headers h) {
      return new Stamp(text(h, TOPIC), Integer.parseInt(text(h, PARTITION)), Long.parseLong(text(h, OFFSET)));
    }
  }

  private static String text(Headers h, String name) {
    Header header = h.lastHeader(name);
    if (header == null) {
      throw new IllegalStateException("record has no " + name + " header");
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
