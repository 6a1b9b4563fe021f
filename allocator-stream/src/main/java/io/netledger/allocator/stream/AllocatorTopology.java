package io.netledger.allocator.stream;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The allocator-stream topology: the three input topics, in one total order, through the pure
 * allocator, to ipam-blocks, allocations, dns-records and rejected.
 *
 * <pre>
 * networks, hosts, containers (bytes) -&gt; stamp coordinates -&gt; decision-order (1 partition)
 *   -&gt; decide [store allocator-image] -&gt; split by topic -&gt; 5 sinks
 * </pre>
 *
 * <p>Every node, the store and the repartition topic have fixed names (constants below), so a
 * change of the topology never renames internal topics under running state.
 */
public final class AllocatorTopology {
  private AllocatorTopology() {}

  public static final String SOURCE = "allocator-inputs";
  public static final String STAMP = "allocator-stamp-coordinates";
  /** Internal topic {@code <application.id>-allocator-decision-order-repartition}. */
  public static final String DECISION_ORDER = "allocator-decision-order";
  public static final String DECIDE = "allocator-decide";
  /** Store of the image records; changelog {@code <application.id>-allocator-image-changelog}. */
  public static final String IMAGE_STORE = "allocator-image";
  public static final String SPLIT = "allocator-out-";
  public static final String SINK_PREFIX = "allocator-sink-";

  /**
   * Adds the allocator to {@code builder}. Static and free of side effects: it only describes.
   *
   * @param serdes value serdes of the input and output topics
   */
  public static void buildTopology(StreamsBuilder builder, AllocatorConfig config, TopicSerdes serdes) {
    // Not cached: a record cache (withCachingEnabled) coalesces a network's ledger and a
    // service's DNS record per transaction, but cost more than it saved in AllocatorBench on this
    // machine (issue 17: 42 vs 52 inputs/s, load ~40; FACTS: caching costs when keys rarely repeat,
    // and most keys here are a container's, written once).
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IMAGE_STORE),
        Serdes.String(), Serdes.ByteArray()));
    // Values stay bytes until the allocator decodes them, so an undecodable record becomes a
    // Rejection with its coordinates and bytes instead of a deserialization error.
    KStream<String, byte[]> inputs = builder.stream(
        Topics.inputs().stream().map(Topic::name).toList(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE));
    // One partition, so one task decides everything in one total order. Decisions are not
    // independent per key: a container start needs its network and host, and which address it
    // gets depends on every other container of its network. Kafka orders records only within a
    // partition, so the inputs are merged into this single-partition topic; its order IS the
    // decision order, recorded in the log, so a restart (or a new task after a rebalance)
    // continues exactly where the last committed transaction left off (and audit can replay
    // it: see REPARTITION_PURGE_INTERVAL_MS_CONFIG in streamsConfig). One task decides
    // >10,000 events/s (ReplayBench), far above any orchestrator's rate of container events.
    KStream<String, OutputRecord> outputs = inputs
        .processValues(InputStamp::new, Named.as(STAMP))
        .repartition(Repartitioned.<String, byte[]>as(DECISION_ORDER)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(1))
        .process(() -> new AllocatorProcessor(config, serdes), Named.as(DECIDE), IMAGE_STORE);
    BranchedKStream<String, OutputRecord> split = outputs.split(Named.as(SPLIT));
    for (Topic<?> t : List.of(Topics.IPAM_BLOCKS, Topics.ALLOCATIONS, Topics.DNS_RECORDS, Topics.REJECTED,
        Topics.ACCEPTED_FACTS)) {
      split = split.branch((k, o) -> o.topic().equals(t.name()), Branched.withConsumer(s -> sink(s, t, serdes),
          t.name()));
    }
    split.noDefaultBranch();
  }

  private static <V extends SpecificRecord> void sink(KStream<String, OutputRecord> s, Topic<V> t,
      TopicSerdes serdes) {
    s.mapValues(o -> t.valueType().cast(o.value()), Named.as(SINK_PREFIX + t.name() + "-value"))
        .to(t.name(), Produced.with(Serdes.String(), serdes.valueSerde(t)).withName(SINK_PREFIX + t.name()));
  }

  /** Settings the allocator needs; the caller adds anything else (state.dir, security, ...). */
  public static Properties streamsConfig(String applicationId, String bootstrapServers) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // No address may ever be held twice, across crashes and rebalances: outputs, the store's
    // changelog and the input offsets commit atomically.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // A transaction every 5 ms, and commit pacing (CommitPacer: end a transaction after N inputs or
    // when a task's input goes quiet, with a 100 ms ceiling) off by default. Measured on a quiet
    // machine in one run each (bench/run AllocatorBench --inputs 20000 [--before]): pacing gave
    // 1,568 inputs/s against 1,147 (147 inputs per commit against 28) but publish -> allocation at
    // 50 starts/s went from p50 30 / p99 87 ms to p50 155 / p99 325 ms, and a single start's
    // latency is what every user sees. Turn it on for bulk loads with
    // netledger.allocator.commit.max.inputs=1000 and streams.commit.interval.ms=100.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5);
    p.put(CommitPacer.MAX_INPUTS_CONFIG, "0");
    // An idle thread waits up to poll.ms before its next loop, where the quiet task's commit runs.
    p.put(StreamsConfig.POLL_MS_CONFIG, 5);
    // Streams normally deletes a repartition topic's records once committed; the decision-order
    // topic is the one record of the order in which the allocator decided, so it keeps its full
    // history like the input topics (Streams creates it with retention.ms=-1) and audit replays
    // <application.id>-allocator-decision-order-repartition from the start to reproduce every
    // decision. Costs the disk of a second copy of the inputs.
    p.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, Long.MAX_VALUE);
    // Refuse to start if any internal topic or store got a generated name (STYLE 4).
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // A standby keeps a warm copy of the image on another instance, so failover does not replay
    // the whole changelog.
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    return p;
  }
}
