package io.netledger.mesh.topology;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.Rejection;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.mesh.state.PeerFanout;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The mesh-stream topology: the allocator's accepted facts (networks and hosts it accepted),
 * allocations and ipam-blocks in; host-state slices (each to its host's partition) and rejections
 * out. The mesh never reads the raw input topics: the allocator is the one gatekeeper of facts,
 * so a NetworkDeleted it refused (NETWORK_IN_USE) never empties a host's desired state.
 *
 * <pre>
 *   3 topics ─▶ capture coordinates ─▶ merge ─▶ repartition "mesh-inputs" (1 partition)
 *       ─▶ "mesh-decide" (MeshDelta on the image in store "mesh-image")
 *       ─▶ host-state (HostStatePartitioner) | rejected
 * </pre>
 *
 * <p>Why one partition: a peer slice depends on facts from all three topics and on every host of
 * a network, so the decision needs the whole image in one place and one order of inputs. One
 * task does it: the pure classes replay 10,000-25,000 container starts/stops per second at
 * 1,000 hosts on the shared 2-core machine (MeshDeltaBench), more than one EOS Streams task moves; a
 * restart restores the image from the store's changelog. Every processor, the store and
 * the repartition topic are named, so changing the topology never renames state under a running
 * application.
 */
public final class MeshTopology {
  private MeshTopology() {}

  public static final String APPLICATION_ID = "netledger-mesh";
  public static final String IMAGE_STORE = "mesh-image";
  /** Internal topic {@code <application.id>-mesh-inputs-repartition}. */
  public static final String REPARTITION = "mesh-inputs";
  public static final String DECIDE = "mesh-decide";

  /** The topics the mesh reads, in the order they are merged. */
  public static final List<Topic<?>> INPUTS =
      List.of(Topics.ACCEPTED_FACTS, Topics.IPAM_BLOCKS, Topics.ALLOCATIONS);

  /** Adds the mesh to {@code builder}; static and side-effect free beyond the builder. */
  public static void buildTopology(StreamsBuilder builder, TopicSerdes serdes) {
    buildTopology(builder, serdes, PeerFanout.PER_HOST);
  }

  /**
   * As {@link #buildTopology(StreamsBuilder, TopicSerdes)}, delivering peers as {@code fanout}
   * says; with {@link PeerFanout#PER_NETWORK} adverts go to {@code netledger.network-peers.v1}
   * (default partitioner on {@code <networkId>/<hostId>}: every agent reads all its partitions).
   */
  public static void buildTopology(StreamsBuilder builder, TopicSerdes serdes, PeerFanout fanout) {
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(IMAGE_STORE), Serdes.String(), Serdes.ByteArray()));

    KStream<String, MeshInput> merged = null;
    for (Topic<?> t : INPUTS) {
      String name = shortName(t);
      KStream<String, MeshInput> in = builder
          .stream(t.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("mesh-source-" + name))
          .processValues(CaptureCoordinates::new, Named.as("mesh-capture-" + name));
      merged = merged == null ? in : merged.merge(in, Named.as("mesh-merge-" + name));
    }

    KStream<String, MeshOutput> out = merged
        .repartition(Repartitioned.with(Serdes.String(), MeshInput.serde())
            .withName(REPARTITION)
            .withNumberOfPartitions(1))
        .process(() -> new MeshProcessor(serdes, fanout), Named.as(DECIDE), IMAGE_STORE);

    out.split(Named.as("mesh-out-"))
        .branch((k, v) -> v instanceof MeshOutput.Slice, Branched.withConsumer(s -> s
            .mapValues(v -> ((MeshOutput.Slice) v).slice(), Named.as("mesh-slice-value"))
            .to(Topics.HOST_STATE.name(), Produced.<String, HostStateSlice>with(Serdes.String(),
                    serdes.valueSerde(Topics.HOST_STATE))
                .withStreamPartitioner(new HostStatePartitioner())
                .withName("mesh-sink-host-state")), "host-state"))
        .branch((k, v) -> v instanceof MeshOutput.NetworkPeer, Branched.withConsumer(s -> s
            .mapValues(v -> ((MeshOutput.NetworkPeer) v).slice(), Named.as("mesh-network-peer-value"))
            .to(Topics.NETWORK_PEERS.name(), Produced.<String, HostStateSlice>with(Serdes.String(),
                    serdes.valueSerde(Topics.NETWORK_PEERS))
                .withName("mesh-sink-network-peers")), "network-peers"))
        .branch((k, v) -> v instanceof MeshOutput.Rejected, Branched.withConsumer(s -> s
            .mapValues(v -> ((MeshOutput.Rejected) v).rejection(), Named.as("mesh-rejection-value"))
            .to(Topics.REJECTED.name(), Produced.<String, Rejection>with(Serdes.String(),
                    serdes.valueSerde(Topics.REJECTED))
                .withName("mesh-sink-rejected")), "rejected"));
  }

  private static String shortName(Topic<?> t) {
    // netledger.ipam-blocks.v1 -> ipam-blocks
    String n = t.name();
    return n.substring(n.indexOf('.') + 1, n.lastIndexOf('.'));
  }

  /**
   * Streams settings for the mesh. {@code exactly_once_v2}: a slice, the image store change and
   * the input offset commit in one transaction, so an agent never sees a slice the image forgot
   * (or misses one the image holds) after a crash. The commit interval bounds the latency an input
   * adds before agents see its slices, twice (the decision-order repartition, then the output);
   * 5 ms and {@code poll.ms=5}, as the allocator (see AllocatorTopology.streamsConfig for the
   * figures): a container start waits for both apps. An idle app commits nothing.
   */
  public static Properties streamsConfig(String bootstrapServers, String stateDir) {
    allowAvroClasses();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5);
    p.put(StreamsConfig.POLL_MS_CONFIG, 5);
    return p;
  }

  /** Lets Avro 1.12 decode the generated classes (it refuses packages it was not told about). */
  public static void allowAvroClasses() {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
          "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    }
  }
}
