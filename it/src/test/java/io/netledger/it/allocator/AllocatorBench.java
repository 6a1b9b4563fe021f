package io.netledger.it.allocator;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.stream.AllocatorStreams;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.events.serde.TopicSerdes;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Allocator throughput and latency through a real broker (its own DevCluster), printing figures:
 * <ol>
 *   <li>N container starts pre-published; the allocator started cold; inputs/s until its last
 *       allocation is readable (read_committed);</li>
 *   <li>in the same run, a pass-through app over the same inputs with the same EOS settings and
 *       the same single-partition decision-order repartition (identity instead of the allocator);
 *       the ratio says what the allocator's own work costs;</li>
 *   <li>latency at light load: one ContainerStarted every 20 ms, from publish to its Allocation
 *       readable with read_committed: median and p99.</li>
 * </ol>
 * Run: {@code java -cp <it test classpath> io.netledger.it.allocator.AllocatorBench [events] [latencySamples] [services]}
 */
public final class AllocatorBench {
  private AllocatorBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    servicesFor = args.length > 2 ? Integer.parseInt(args[2]) : Math.max(1, events / 10);
    System.out.printf("%d container starts on 50 hosts, %d services%n", events, servicesFor);
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    try (DevCluster c = DevCluster.start(DevCluster.Options.in(SharedCluster.dataDir("allocator-bench-")))) {
      String b = c.bootstrapServers();
      TopicSerdes serdes = new io.netledger.events.serde.RegistrySerdes(RegistryConfig.connect(c.registryUrl()), true);
      try (EventPublisher pub = EventPublisher.create(PublisherConfig.of(b, c.registryUrl(), "bench"))) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        sent.add(pub.publishAsync(new NetworkCreated("bench", "bench", "10.0.0.0/12", 26, 9000, 1450, "bench.internal",
            Encryption.NONE, 60, List.of(), true), "net"));
        for (int h = 0; h < 50; h++) {
          sent.add(pub.publishAsync(HostRegistered.newBuilder().setHostId("H" + h).setHostname("H" + h)
              .setUnderlayIp("198.18.0." + (h + 1)).build(), "host-" + h));
        }
        for (int i = 0; i < events; i++) {
          sent.add(pub.publishAsync(start("c" + i, i % 50), "start-" + i));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      }
      int inputs = events + 51;

      KafkaStreams alloc = AllocatorStreams.create(props("bench-allocator", b, c), AllocatorConfig.DEFAULT, serdes);
      double allocRate = rate(alloc, b, "bench-allocator", inputs);

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b))) {
        admin.createTopics(List.of(new NewTopic("bench.passthrough", 1, (short) 1))).all().get();
      }
      StreamsBuilder pb = new StreamsBuilder();
      pb.stream(Topics.inputs().stream().map(Topic::name).toList(), Consumed.with(Serdes.String(), Serdes.ByteArray())
              .withName("pass-source"))
          .repartition(Repartitioned.<String, byte[]>as("pass-order").withKeySerde(Serdes.String())
              .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(1))
          .to("bench.passthrough", Produced.with(Serdes.String(), Serdes.ByteArray()).withName("pass-sink"));
      Properties pp = props("bench-pass", b, c);
      KafkaStreams pass = new KafkaStreams(pb.build(pp), pp);
      double passRate = rate(pass, b, "bench-pass", inputs);
      pass.close(Duration.ofSeconds(30));

      System.out.printf("allocator: %d inputs, %.0f inputs/s end to end (EOS, commit %s ms)%n", inputs, allocRate,
          io.netledger.allocator.stream.AllocatorTopology.streamsConfig("x", "x").get(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
      System.out.printf("pass-through (identity, same EOS + repartition): %.0f inputs/s%n", passRate);
      System.out.printf("ratio allocator / pass-through: %.2f%n", allocRate / passRate);

      // Latency at light load, allocator running and caught up.
      long[] lat = latency(alloc, b, c, samples, events);
      alloc.close(Duration.ofSeconds(30));
      Arrays.sort(lat);
      System.out.printf("publish -> Allocation readable (read_committed), %d samples at 50/s: median %.1f ms, p99 %.1f ms, "
          + "max %.1f ms%n", lat.length, lat[lat.length / 2] / 1e6, lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6,
          lat[lat.length - 1] / 1e6);
    }
    System.exit(0);
  }

  static int servicesFor = 2_000;

  static ContainerStarted start(String id, int host) {
    // About ten containers per service: a service's DNS record lists all its addresses and is
    // rewritten on every start, so a few huge services measure the record size, not the allocator.
    return new ContainerStarted(id, id, "svc" + (Math.abs(id.hashCode()) % Math.max(1, servicesFor)), "stack",
        "H" + host, "bench", "/run/netns/" + id, null, List.of(), Map.of(), List.of());
  }

  static Properties props(String appId, String bootstrap, DevCluster c) {
    Properties p = AllocatorTopology.streamsConfig(appId, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, c.dataDir().resolve("state-" + appId).toString());
    return p;
  }

  /**
   * Starts {@code app} and returns inputs/s from RUNNING until its group has committed every
   * input (a last key seen on the output is not enough: the inputs of other partitions may
   * still be behind it).
   */
  static double rate(KafkaStreams app, String bootstrap, String appId, int inputs) throws Exception {
    AtomicLong running = new AtomicLong();
    app.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING && running.get() == 0) {
        running.set(System.nanoTime());
      }
    });
    long t0 = System.nanoTime();
    app.start();
    long end = CommittedLog.awaitCaughtUp(bootstrap, appId, Duration.ofMinutes(10));
    long from = running.get() == 0 ? t0 : running.get();
    return inputs / ((end - from) / 1e9);
  }

  static long[] latency(KafkaStreams alloc, String bootstrap, DevCluster c, int samples, int offset) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (KafkaConsumer<String, byte[]> cons = consumer(bootstrap, Topics.ALLOCATIONS.name())) {
        cons.seekToEnd(cons.assignment());
        cons.assignment().forEach(cons::position);
        while (!stop.get()) {
          for (var r : cons.poll(Duration.ofMillis(5))) {
            seenAt.putIfAbsent(r.key(), System.nanoTime());
          }
        }
      }
    });
    reader.start();
    Thread.sleep(2_000);
    try (EventPublisher pub = EventPublisher.create(PublisherConfig.of(bootstrap, c.registryUrl(), "bench"))) {
      for (int i = 0; i < samples; i++) {
        String id = "lat" + i;
        sentAt.put(id, System.nanoTime());
        pub.publishAsync(start(id, i % 50), "lat-" + i);
        Thread.sleep(20);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!seenAt.keySet().containsAll(sentAt.keySet()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    stop.set(true);
    reader.join();
    return sentAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
        .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue()).toArray();
  }

  static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> cons = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    // The topic may not exist yet (pass-through output): wait for it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    List<TopicPartition> parts = List.of();
    while (parts.isEmpty() && System.nanoTime() < deadline) {
      parts = cons.listTopics().getOrDefault(topic, List.of()).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      if (parts.isEmpty()) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    cons.assign(parts);
    cons.seekToBeginning(parts);
    return cons;
  }
}
