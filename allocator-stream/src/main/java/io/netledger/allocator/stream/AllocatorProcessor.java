package io.netledger.allocator.stream;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.AllocatorDelta;
import io.netledger.allocator.ipam.AllocatorImage;
import io.netledger.allocator.ipam.ImageRecords;
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
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin adapter around {@link AllocatorDelta}: holds the image in memory, restores it from the
 * store on init, and for each input (in decision order) decides, writes the image records that
 * changed to the store and forwards the records for the output topics. Under exactly_once_v2 the
 * store's changelog, the outputs and the input offset commit in one transaction, so after a crash
 * the image restored is exactly the one the committed outputs describe.
 */
final class AllocatorProcessor implements Processor<String, byte[], String, OutputRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(AllocatorProcessor.class);

  private final AllocatorConfig config;
  private final TopicSerdes serdes;
  private ProcessorContext<String, OutputRecord> context;
  private KeyValueStore<String, byte[]> store;
  private AllocatorImage image;

  AllocatorProcessor(AllocatorConfig config, TopicSerdes serdes) {
    this.config = config;
    this.serdes = serdes;
  }

  @Override
  public void init(ProcessorContext<String, OutputRecord> context) {
    this.context = context;
    this.store = context.getStateStore(AllocatorTopology.IMAGE_STORE);
    List<OutputRecord> records = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        records.add(StoreCodec.decode(kv.key, kv.value));
      }
    }
    image = ImageRecords.restore(records);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    InputStamp.Stamp at = InputStamp.Stamp.of(record.headers());
    Topic<?> topic = Topics.inputs().stream().filter(t -> t.name().equals(at.topic())).findFirst().orElse(null);
    if (topic == null) {
      reject(record, at, null, RejectionReason.INVALID_INPUT, "not an input topic of the allocator");
      return;
    }
    SpecificRecord envelope;
    try {
      envelope = decode(topic, record.value());
    } catch (RuntimeException e) {
      reject(record, at, null, RejectionReason.UNDECODABLE, "value is not a " + topic.valueType().getSimpleName()
          + ": " + e);
      return;
    }
    if (envelope == null) {
      reject(record, at, null, RejectionReason.INVALID_INPUT, "no value (an input is never a tombstone)");
      return;
    }
    InputEvent e = InputEvent.of(at.topic(), at.partition(), at.offset(), record.key(), envelope);
    AllocatorDelta delta = image.delta(config);
    try {
      delta.replay(e);
    } catch (RuntimeException ex) {
      // A bug, not bad input: keep the image as it was, say so on the log, and go on rather than
      // stop every allocation behind one record.
      LOG.error("allocator failed on {} (key {}); image unchanged", e.cause(), record.key(), ex);
      reject(record, at, e.cause().getEventId(), RejectionReason.INCONSISTENT, "allocator failed: " + ex);
      return;
    }
    image = delta.apply();
    for (OutputRecord o : delta.changes()) {
      if (StoreCodec.stored(o)) {
        if (o.tombstone()) {
          store.delete(StoreCodec.key(o));
        } else {
          store.put(StoreCodec.key(o), StoreCodec.value(o));
        }
      }
      if (!o.internal()) {
        // A fresh record: outputs carry no input headers.
        context.forward(new Record<>(o.key(), o, record.timestamp()));
      }
    }
  }

  private static <V extends SpecificRecord> V decode(Topic<V> topic, byte[] bytes, TopicSerdes serdes) {
    return serdes.valueSerde(topic).deserializer().deserialize(topic.name(), bytes);
  }

  private SpecificRecord decode(Topic<?> topic, byte[] bytes) {
    return decode(topic, bytes, serdes);
  }

  private void reject(Record<String, byte[]> record, InputStamp.Stamp at, String eventId, RejectionReason reason,
      String message) {
    ByteBuffer key = record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8));
    ByteBuffer value = record.value() == null ? null : ByteBuffer.wrap(record.value());
    Rejection r = new Rejection(reason, message, new InputCoordinates(at.topic(), at.partition(), at.offset(), eventId),
        key, value, Writer.ALLOCATOR.module(), Instant.ofEpochMilli(record.timestamp()));
    context.forward(new Record<>(record.key(), new OutputRecord(Topics.REJECTED.name(), record.key(), r),
        record.timestamp()));
  }
}
