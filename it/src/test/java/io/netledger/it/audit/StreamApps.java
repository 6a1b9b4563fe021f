package io.netledger.it.audit;

import io.netledger.events.serde.TopicSerdes;
import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.stream.AllocatorStreams;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.mesh.topology.MeshTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * allocator-stream and mesh-stream in this JVM, each under its own application id, so the audit
 * tests read a decision-order topic nobody else writes. Closed together; the allocator can be
 * restarted in between (a new instance resumes from its committed offsets and restored store).
 */
final class StreamApps implements AutoCloseable {
  private final List<KafkaStreams> apps;
  private final Properties allocatorProps;
  private final SchemaRegistry registry;

  private StreamApps(List<KafkaStreams> apps, Properties allocatorProps, SchemaRegistry registry) {
    this.apps = new java.util.ArrayList<>(apps);
    this.allocatorProps = allocatorProps;
    this.registry = registry;
  }

  private static KafkaStreams allocator(Properties ap, SchemaRegistry registry) {
    return AllocatorStreams.create(ap, AllocatorConfig.DEFAULT, serdes(registry));
  }

  private static io.netledger.events.serde.TopicSerdes serdes(SchemaRegistry registry) {
    return new io.netledger.events.serde.RegistrySerdes(registry, true);
  }


  /** Stops the allocator cleanly and starts a new instance on the same application id and state. */
  void restartAllocator() throws InterruptedException {
    apps.get(0).close(Duration.ofSeconds(30));
    KafkaStreams next = allocator(allocatorProps, registry);
    apps.set(0, next);
    next.start();
    await(next);
  }

  private static void await(KafkaStreams app) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (app.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("allocator not RUNNING after restart: " + app.state());
      }
      Thread.sleep(100);
    }
  }

  static StreamApps start(String bootstrap, SchemaRegistry registry, String allocatorId, String meshId, Path stateDir)
      throws InterruptedException {
    Properties ap = AllocatorTopology.streamsConfig(allocatorId, bootstrap);
    ap.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("allocator").toString());
    ap.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
    KafkaStreams allocator = allocator(ap, registry);
    StreamsBuilder mb = new StreamsBuilder();
    MeshTopology.buildTopology(mb, serdes(registry));
    Properties mp = MeshTopology.streamsConfig(bootstrap, stateDir.resolve("mesh").toString());
    mp.put(StreamsConfig.APPLICATION_ID_CONFIG, meshId);
    KafkaStreams mesh = new KafkaStreams(mb.build(mp), mp);
    StreamApps apps = new StreamApps(List.of(allocator, mesh), ap, registry);
    allocator.start();
    mesh.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!(allocator.state() == KafkaStreams.State.RUNNING && mesh.state() == KafkaStreams.State.RUNNING)) {
      if (System.nanoTime() > deadline) {
        apps.close();
        throw new IllegalStateException("stream apps not RUNNING: allocator " + allocator.state() + ", mesh " + mesh.state());
      }
      Thread.sleep(100);
    }
    return apps;
  }

  @Override
  public void close() {
    apps.forEach(a -> a.close(Duration.ofSeconds(30)));
  }
}
