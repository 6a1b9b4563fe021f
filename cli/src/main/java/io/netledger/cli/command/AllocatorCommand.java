package io.netledger.cli.command;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.allocator.stream.TopicSerdes;
import io.netledger.cli.ClusterOptions;
import io.netledger.cli.cluster.ClusterInfo;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "allocator", mixinStandardHelpOptions = true,
    description = "Run allocator-stream: addresses, blocks and DNS records from the input log (exactly-once).")
public final class AllocatorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--application-id", defaultValue = "netledger-allocator",
      description = "Kafka Streams application id (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--state-dir", description = "Where the local state lives (default <data-dir>/state/<application-id>).")
  Path stateDir;

  @Option(names = "--quarantine", defaultValue = "64",
      description = "Allocations in a network before a released address is handed out again (default ${DEFAULT-VALUE}).")
  int quarantine;

  @Override
  public Integer call() throws Exception {
    ClusterInfo info = cluster.resolve();
    SchemaRegistry registry = RegistryConfig.connect(info.registryUrl());
    StreamsBuilder builder = new StreamsBuilder();
    AllocatorTopology.buildTopology(builder, new AllocatorConfig(quarantine), registrySerdes(registry));
    Properties props = AllocatorTopology.streamsConfig(applicationId, info.bootstrapServers());
    Path state = stateDir != null ? stateDir : cluster.dataDir.resolve("state").resolve(applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toAbsolutePath().toString());
    return StreamsRunner.run("allocator-stream", builder.build(props), props, spec.commandLine().getOut(),
        Duration.ofSeconds(60));
  }

  static TopicSerdes registrySerdes(SchemaRegistry registry) {
    return new TopicSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
        return AvroSerde.forTopic(topic, registry, true);
      }
    };
  }
}
