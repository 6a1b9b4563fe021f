package io.netledger.allocator.stream;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.allocator.ipam.AllocatorConfig;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The allocator as a (not yet started) {@link KafkaStreams}: what {@code netledger dev} and the
 * compose deployment run. Start, close and state listeners are the caller's.
 *
 * <pre>{@code
 * Properties props = AllocatorTopology.streamsConfig("netledger-allocator", bootstrap);
 * props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
 * KafkaStreams streams = AllocatorStreams.create(props, AllocatorConfig.DEFAULT, topicSerdes);
 * streams.start();
 * }</pre>
 */
public final class AllocatorStreams {
  private AllocatorStreams() {}

  public static KafkaStreams create(Properties props, AllocatorConfig config, TopicSerdes serdes) {
    // Avro 1.12 refuses to decode generated classes outside the allowed packages; the allocator
    // decodes io.netledger classes in the processor and its store.
    String allowed = System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES");
    if (allowed == null || !allowed.contains("io.netledger")) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
          (allowed == null ? "java.lang,java.math,java.io,java.net,org.apache.avro" : allowed) + ",io.netledger");
    }
    // The builder gets the config so ensure.explicit.internal.resource.naming is enforced.
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    AllocatorTopology.buildTopology(builder, config, serdes);
    return new KafkaStreams(builder.build(props), props);
  }
}
