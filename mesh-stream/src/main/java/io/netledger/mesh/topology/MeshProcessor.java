package io.netledger.mesh.topology;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.avro.AcceptedFact;
import io.netledger.avro.Allocation;
import io.netledger.avro.ContainerEvent;
import io.netledger.events.validate.EventValidator;
import io.netledger.events.validate.Violation;
import org.apache.avro.specific.SpecificRecord;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostEvent;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.mesh.state.ImageRecord;
import io.netledger.mesh.state.MeshDelta;
import io.netledger.mesh.state.MeshImage;
import io.netledger.mesh.state.PeerFanout;
import io.netledger.mesh.state.SliceChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single decision task: decodes each input, replays it into a {@link MeshDelta} on the
 * current image, writes the changed facts to the image store and forwards the host-state records
 * and rejections. A thin adapter: every decision is made by the pure classes in
 * {@code io.netledger.mesh.state}.
 *
 * <p>The image lives in memory and is rebuilt from the store in {@link #init}, which Kafka Streams
 * calls after restoring the store from its changelog; under {@code exactly_once_v2} the store
 * writes, the outputs and the input offset commit together, so after a crash the image and the
 * written slices agree.
 */
final class MeshProcessor implements Processor<String, MeshInput, String, MeshOutput> {
  private final TopicSerdes serdes;
  private ProcessorContext<String, MeshOutput> context;
  private KeyValueStore<String, byte[]> store;
  private MeshImage image;
  private final PeerFanout fanout;

  MeshProcessor(TopicSerdes serdes, PeerFanout fanout) {
    this.serdes = serdes;
    this.fanout = fanout;
  }

  @Override
  public void init(ProcessorContext<String, MeshOutput> context) {
    this.context = context;
    this.store = context.getStateStore(MeshTopology.IMAGE_STORE);
    List<ImageRecord> records = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        records.add(ImageStore.decode(kv.key, kv.value));
      }
    }
    image = MeshImage.fromRecords(records);
  }

  @Override
  public void process(Record<String, MeshInput> record) {
    MeshInput in = record.value();
    Object value;
    try {
      value = decode(in);
    } catch (RuntimeException e) {
      // Any failure to decode (bad bytes, unknown schema, a null on a full-history topic) is the
      // input's fault: reject it with its bytes and go on, never stop the mesh for every host.
      reject(record, RejectionReason.UNDECODABLE, "cannot decode the value: " + e.getMessage(),
          new InputCoordinates(in.topic(), in.partition(), in.offset(), null), Instant.ofEpochMilli(in.timestamp()));
      return;
    }
    if (value instanceof AcceptedFact f) {
      // Defence in depth: the allocator ran the same rules before it accepted the fact.
      List<Violation> violations = EventValidator.violations(payloadOf(f));
      if (!violations.isEmpty()) {
        reject(record, RejectionReason.INVALID_INPUT, "invalid " + f.getFact().getClass().getSimpleName() + ": "
            + EventValidator.describe(violations), f.getInput(), Instant.ofEpochMilli(in.timestamp()));
        return;
      }
    }
    MeshDelta delta = new MeshDelta(image, fanout);
    replay(delta, record.key(), in, value);
    image = delta.apply();
    delta.imageChanges().forEach((key, r) -> {
      if (r == null) {
        store.delete(key);
      } else {
        store.put(key, ImageStore.encode(r));
      }
    });
    for (SliceChange c : delta.changes()) {
      context.forward(new Record<>(c.key(), new MeshOutput.Slice(c.slice()), record.timestamp()));
    }
    for (SliceChange c : delta.networkPeers()) {
      context.forward(new Record<>(c.key(), new MeshOutput.NetworkPeer(c.slice()), record.timestamp()));
    }
    for (Rejection r : delta.rejections()) {
      r.setInputValue(in.value() == null ? null : ByteBuffer.wrap(in.value()));
      context.forward(new Record<>(record.key(), new MeshOutput.Rejected(r), record.timestamp()));
    }
  }

  /** The input's value as its topic's type; null for a tombstone on a compacted view. */
  private Object decode(MeshInput in) {
    String topic = in.topic();
    if (topic.equals(Topics.ACCEPTED_FACTS.name())) {
      if (in.value() == null) {
        // Accepted facts keep full history and are never compacted: a null there is not a fact.
        throw new SerializationException("a null value is not an accepted fact");
      }
      return serdes.valueSerde(Topics.ACCEPTED_FACTS).deserializer().deserialize(topic, in.value());
    }
    if (topic.equals(Topics.ALLOCATIONS.name()) || topic.equals(Topics.IPAM_BLOCKS.name())) {
      Topic<?> t = topic.equals(Topics.ALLOCATIONS.name()) ? Topics.ALLOCATIONS : Topics.IPAM_BLOCKS;
      return in.value() == null ? null : serdes.valueSerde(t).deserializer().deserialize(topic, in.value());
    }
    throw new SerializationException("the mesh does not read " + topic);
  }

  private static void replay(MeshDelta delta, String key, MeshInput in, Object value) {
    Instant recordTime = Instant.ofEpochMilli(in.timestamp());
    if (value instanceof AcceptedFact f) {
      // The cause is the input the allocator accepted, not its copy on accepted-facts. Container
      // facts reach the mesh as the allocations they led to.
      if (f.getFact() instanceof NetworkEvent e) {
        delta.replay(key, e, f.getInput());
      } else if (f.getFact() instanceof HostEvent e) {
        delta.replay(key, e, f.getInput());
      }
    } else if (in.topic().equals(Topics.ALLOCATIONS.name())) {
      Allocation a = (Allocation) value;
      // eventId: the input event the allocator decided on, so a slice leads back to the orchestrator's event.
      delta.replayAllocation(key, a, at(in, a == null ? null : a.getCause().getEventId()),
          a == null ? recordTime : a.getOccurredAt());
    } else {
      BlockAffinity b = (BlockAffinity) value;
      delta.replayBlock(key, b, at(in, b == null ? null : b.getCause().getEventId()),
          b == null ? recordTime : b.getOccurredAt());
    }
  }

  private static SpecificRecord payloadOf(AcceptedFact f) {
    Object p = f.getFact() instanceof NetworkEvent e ? e.getPayload()
        : f.getFact() instanceof HostEvent e ? e.getPayload()
        : f.getFact() instanceof ContainerEvent e ? e.getPayload() : null;
    return p instanceof SpecificRecord r ? r : null;
  }

  private static InputCoordinates at(MeshInput in, String eventId) {
    return new InputCoordinates(in.topic(), in.partition(), in.offset(), eventId);
  }

  private void reject(Record<String, MeshInput> record, RejectionReason reason, String message,
      InputCoordinates at, Instant occurredAt) {
    MeshInput in = record.value();
    Rejection r = Rejection.newBuilder()
        .setReason(reason)
        .setMessage(message)
        .setInput(at)
        .setInputKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
        .setInputValue(in.value() == null ? null : ByteBuffer.wrap(in.value()))
        .setRejectedBy(MeshDelta.REJECTED_BY)
        .setOccurredAt(occurredAt)
        .build();
    context.forward(new Record<>(record.key(), new MeshOutput.Rejected(r), record.timestamp()));
  }
}
