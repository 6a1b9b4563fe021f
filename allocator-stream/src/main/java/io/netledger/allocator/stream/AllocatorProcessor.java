package io.netledger.allocator.stream;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.allocator.ipam.AcceptedFacts;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.Decision;
import io.netledger.allocator.ipam.AllocatorDelta;
import io.netledger.allocator.ipam.AllocatorImage;
import io.netledger.allocator.ipam.ImageRecords;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import java.util.ArrayList;
import java.util.List;
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
  private CommitPacer pacer;

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
    pacer = CommitPacer.fromConfig(context);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    decide(record);
    if (pacer != null) {
      pacer.processed();
    }
  }

  private void decide(Record<String, byte[]> record) {
    DecisionInput in = DecisionInput.of(record.key(), record.value(), record.headers(), record.timestamp(), serdes);
    if (in.event() == null) {
      forward(in.rejection(), record.timestamp());
      return;
    }
    InputEvent e = in.event();
    AllocatorDelta delta = image.delta(config);
    Decision decision;
    try {
      decision = delta.replay(e);
    } catch (RuntimeException ex) {
      // A bug, not bad input: keep the image as it was, say so on the log, and go on rather than
      // stop every allocation behind one record.
      LOG.error("allocator failed on {} (key {}); image unchanged", e.cause(), record.key(), ex);
      forward(DecisionInput.failed(e, record.value(), record.timestamp(), ex), record.timestamp());
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
        forward(o, record.timestamp());
      }
    }
    // After the decision's own records: a fact the allocator refused is never accepted.
    AcceptedFacts.of(e, decision).ifPresent(o -> forward(o, record.timestamp()));
  }

  private void forward(OutputRecord o, long timestamp) {
    // A fresh record: outputs carry no input headers.
    context.forward(new Record<>(o.key(), o, timestamp));
  }
}
