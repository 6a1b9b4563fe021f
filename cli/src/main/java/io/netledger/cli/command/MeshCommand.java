package io.netledger.cli.command;

import io.netledger.cli.ClusterOptions;
import io.netledger.cli.cluster.ClusterInfo;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import io.netledger.mesh.topology.MeshTopology;
import io.netledger.mesh.topology.TopicSerdes;
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

@Command(name = "mesh", mixinStandardHelpOptions = true,
    description = "Run mesh-stream: each host's desired state on its own partition of host-state (exactly-once).")
public final class MeshCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--application-id", defaultValue = MeshTopology.APPLICATION_ID,
      description = "Kafka Streams application id (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--state-dir", description = "Where the local state lives (default <data-dir>/state/<application-id>).")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    ClusterInfo info = cluster.resolve();
    SchemaRegistry registry = RegistryConfig.connect(info.registryUrl());
    StreamsBuilder builder = new StreamsBuilder();
    MeshTopology.buildTopology(builder, new TopicSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
        return AvroSerde.forTopic(topic, registry, true);
      }
    });
    Path state = stateDir != null ? stateDir : cluster.dataDir.resolve("state").resolve(applicationId);
    Properties props = MeshTopology.streamsConfig(info.bootstrapServers(), state.toAbsolutePath().toString());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    return StreamsRunner.run("mesh-stream", builder.build(props), props, spec.commandLine().getOut(),
        Duration.ofSeconds(60));
  }
}
