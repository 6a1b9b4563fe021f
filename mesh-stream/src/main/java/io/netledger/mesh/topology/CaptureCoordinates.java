package io.netledger.mesh.topology;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Wraps an input record's value with its topic, partition and offset before the repartition,
 * where that record context would be replaced by the repartition topic's.
 */
final class CaptureCoordinates implements FixedKeyProcessor<String, byte[], MeshInput> {
  private FixedKeyProcessorContext<String, MeshInput> context;

  @Override
  public void init(FixedKeyProcessorContext<String, MeshInput> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    var meta = context.recordMetadata().orElseThrow(
        () -> new IllegalStateException("input record without metadata"));
    context.forward(record.withValue(new MeshInput(meta.topic(), meta.partition(), meta.offset(),
        record.timestamp(), record.value())));
  }
}
