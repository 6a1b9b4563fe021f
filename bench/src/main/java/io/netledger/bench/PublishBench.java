package io.netledger.bench;

import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.security.KafkaTls;

import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishing throughput: N ContainerStarted events through {@link AvroSerde} with an idempotent
 * {@code acks=all} producer, as the EventPublisher will send them. Prints events/s.
 *
 * <pre>
 * bench/run PublishBench [events] [cluster.json]
 * NETLEDGER_JAVA_OPTS=-Dnetledger.bench.secure=true bench/run PublishBench [events]
 * </pre>
 *
 * <p>With {@code netledger.bench.secure=true} its own cluster is secure (TLS with client
 * certificates, ACLs) and the producer runs as the dev operator; with a secure
 * {@code cluster.json} it uses that file's operator credentials.
 *
 * <p>Without a {@code cluster.json} it starts a {@link DevCluster} in a temporary directory,
 * prints how long that took to become healthy, and stops it at the end. A first round of
 * {@value #WARMUP} events warms the JIT of both JVMs and is not counted (a fresh broker runs
 * 30-45% slower).
 */
public final class PublishBench {
  static final int WARMUP = 50_000;

  private PublishBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
        "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    DevCluster own = null;
    ClusterInfo info;
    if (args.length > 1) {
      info = ClusterInfo.read(Path.of(args[1]));
    } else {
      Path dir = Files.createTempDirectory("netledger-bench-");
      own = DevCluster.start(DevCluster.Options.in(dir).withSecurity(Boolean.getBoolean("netledger.bench.secure"))
          .withProgress(line -> System.out.println("  " + line)));
      System.out.printf("cluster start to healthy (broker + registry in parallel, topics created): %.2f s%n",
          own.startupTime().toMillis() / 1000.0);
      info = own.info();
    }
    try {
      run(info, WARMUP, "warm-up");
      run(info, events, "measured");
    } finally {
      if (own != null) {
        long t0 = System.nanoTime();
        own.close();
        System.out.printf("cluster stopped in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        try (Stream<Path> files = Files.walk(own.dataDir())) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static void run(ClusterInfo info, int events, String label) throws Exception {
    AvroSerde<ContainerEvent> serde = AvroSerde.forTopic(Topics.CONTAINERS,
        RegistryConfig.connect(info.registryUrl()), true);
    Properties props = new Properties();
    props.putAll(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, info.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
        ProducerConfig.LINGER_MS_CONFIG, "5",
        ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024)));
    KafkaTls.applyTo(props, info.credentialsOf(ClusterInfo.DEFAULT_USER).orElse(null));
    AtomicReference<Exception> failure = new AtomicReference<>();
    int valueBytes = serde.serializer().serialize(Topics.CONTAINERS.name(), event(0)).length;
    long start;
    long end;
    try (KafkaProducer<String, ContainerEvent> producer =
             new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
      // Fetch metadata and the schema id before the clock starts.
      producer.send(new ProducerRecord<>(Topics.CONTAINERS.name(), "c-first", event(-1))).get();
      start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        ContainerEvent e = event(i);
        producer.send(new ProducerRecord<>(Topics.CONTAINERS.name(), "c-" + i, e), (md, ex) -> {
          if (ex != null) {
            failure.compareAndSet(null, ex);
          }
        });
      }
      producer.flush();
      end = System.nanoTime();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    double seconds = (end - start) / 1e9;
    System.out.printf("%s: %,d ContainerEvents in %.2f s = %,.0f events/s (acks=all, idempotent, %d partitions;"
        + " %d-byte values; %s)%n", label, events, seconds, events / seconds,
        Topics.CONTAINERS.partitions(), valueBytes, info.secure() ? "TLS, client certificates, ACLs" : "plaintext");
  }

  private static ContainerEvent event(int i) {
    String id = "c-" + i;
    return ContainerEvent.newBuilder()
        .setEventId("bench-" + i)
        .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .setSource("publish-bench")
        .setPayload(ContainerStarted.newBuilder()
            .setContainerId(id).setName("web-" + i).setService("web").setStack("shop")
            .setHostId("H" + (i % 16)).setNetworkId("managed").setNetns("ns-" + id)
            .setAliases(List.of()).setLabels(Map.of("tier", "front"))
            .build())
        .build();
  }
}
