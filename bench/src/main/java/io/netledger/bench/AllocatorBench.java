package io.netledger.bench;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.stream.AllocatorStreams;
import io.netledger.allocator.stream.AllocatorTopology;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.RegistrySerdes;
import io.netledger.events.serde.TopicSerdes;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.common.Metric;
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
 * Allocator throughput and latency through a real broker (its own DevCluster), issue 17 goal 1:
 * <ol>
 *   <li>N container starts (on 50 hosts, one network, about ten per service) pre-published; the
 *       allocator started cold; inputs/s from RUNNING until its group has committed every input;</li>
 *   <li>in the same run, a pass-through app over the same inputs with the same settings
 *       ({@link AllocatorTopology#streamsConfig}: EOS, commit interval, poll) and the same
 *       single-partition decision-order repartition, identity instead of the allocator;</li>
 *   <li>latency at light load: one ContainerStarted every 20 ms, from publish to its Allocation
 *       readable with read_committed.</li>
 * </ol>
 * Prints {@code ratio 0.NN} (allocator / pass-through) and the latency p50/p99 last.
 *
 * <pre>
 * bench/run AllocatorBench [--inputs 20000] [--samples 200] [--paced] [--set streamsKey=value]...
 * </pre>
 * Both apps run with the allocator's own settings (a commit every 5 ms, no pacing); {@code --paced}
 * turns on {@link io.netledger.allocator.stream.CommitPacer} (a transaction per 1,000 inputs or
 * when the input goes quiet, 100 ms ceiling), for a before/after table on the same machine state.
 */
public final class AllocatorBench {
  private AllocatorBench() {}

  private static final int HOSTS = 50;

  public static void main(String[] args) throws Exception {
    int events = 20_000;
    int samples = 200;
    boolean paced = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--inputs" -> events = Integer.parseInt(args[++i]);
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        case "--paced" -> paced = true;
        case "--set" -> {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          if (eq < 1) {
            System.err.println("--set wants key=value, not " + kv);
            System.exit(2);
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> {
          System.err.println("usage: AllocatorBench [--inputs N] [--samples S] [--paced] [--set streamsKey=value]...; unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    int services = Math.max(1, events / 10);
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
        "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    Path dir = Files.createTempDirectory("netledger-allocator-bench-");
    commitsPaced = paced;
    double allocRate;
    double passRate;
    double perCommit;
    double commitMs;
    long[] lat;
    try (DevCluster c = DevCluster.start(DevCluster.Options.in(dir))) {
      String b = c.bootstrapServers();
      TopicSerdes serdes = new RegistrySerdes(RegistryConfig.connect(c.registryUrl()), true);
      try (EventPublisher pub = EventPublisher.create(PublisherConfig.of(b, c.registryUrl(), "bench"))) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        sent.add(pub.publishAsync(new NetworkCreated("bench", "bench", "10.0.0.0/12", 26, 9000, 1450, "bench.internal",
            Encryption.NONE, 60, List.of(), true), "net"));
        for (int h = 0; h < HOSTS; h++) {
          sent.add(pub.publishAsync(HostRegistered.newBuilder().setHostId("H" + h).setHostname("H" + h)
              .setUnderlayIp("198.18.0." + (h + 1)).build(), "host-" + h));
        }
        for (int i = 0; i < events; i++) {
          sent.add(pub.publishAsync(start("c" + i, i % HOSTS, services), "start-" + i));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
      }
      int inputs = events + 1 + HOSTS;

      KafkaStreams alloc = AllocatorStreams.create(props("bench-allocator", b, dir), AllocatorConfig.DEFAULT, serdes);
      allocRate = rate(alloc, b, "bench-allocator", inputs);
      perCommit = inputs / Math.max(1, metric(alloc, "commit-total"));
      commitMs = metric(alloc, "commit-latency-avg");

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b))) {
        admin.createTopics(List.of(new NewTopic("bench.passthrough", 1, (short) 1))).all().get();
      }
      StreamsBuilder pb = new StreamsBuilder();
      pb.stream(Topics.inputs().stream().map(Topic::name).toList(), Consumed.with(Serdes.String(), Serdes.ByteArray())
              .withName("pass-source"))
          .repartition(Repartitioned.<String, byte[]>as("pass-order").withKeySerde(Serdes.String())
              .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(1))
          .to("bench.passthrough", Produced.with(Serdes.String(), Serdes.ByteArray()).withName("pass-sink"));
      Properties pp = props("bench-pass", b, dir);
      KafkaStreams pass = new KafkaStreams(pb.build(pp), pp);
      passRate = rate(pass, b, "bench-pass", inputs);
      pass.close(Duration.ofSeconds(30));

      lat = latency(alloc, b, c, samples, services);
      alloc.close(Duration.ofSeconds(30));
    }
    Arrays.sort(lat);
    Properties cfg = props("x", "x", dir);
    System.out.printf("%d container starts on %d hosts, %d services; commit.interval.ms %s, poll.ms %s (both apps)%s%n",
        events, HOSTS, services, cfg.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG), cfg.get(StreamsConfig.POLL_MS_CONFIG),
        (paced ? "; --paced: commits paced by work (CommitPacer, 1,000 inputs)" : "; the allocator's defaults, no commit pacing")
        + (overrides.isEmpty() ? "" : "; --set " + overrides));
    System.out.printf("allocator     %.0f inputs/s end to end (EOS), %.0f inputs per commit, commit %.1f ms (avg)%n",
        allocRate, perCommit, commitMs);
    System.out.printf("pass-through  %.0f inputs/s (identity, same EOS settings and repartition)%n", passRate);
    if (lat.length == 0) {
      System.out.println("latency: no allocation seen");
    } else {
      System.out.printf("publish -> Allocation readable (read_committed), %d of %d samples at 50/s: p50 %.1f ms, "
          + "p99 %.1f ms, max %.1f ms%n", lat.length, samples, lat[lat.length / 2] / 1e6,
          lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6, lat[lat.length - 1] / 1e6);
    }
    System.out.printf("ratio %.2f%n", allocRate / passRate);
    System.exit(0);
  }

  static ContainerStarted start(String id, int host, int services) {
    // About ten containers per service: a service's DNS record lists all its addresses and is
    // rewritten on every start, so a few huge services would measure the record size, not the allocator.
    return new ContainerStarted(id, id, "svc" + (Math.abs(id.hashCode()) % services), "stack",
        "H" + host, "bench", "/run/netns/" + id, null, List.of(), Map.of(), List.of());
  }

  static boolean commitsPaced;
  /** {@code --set} Streams properties for both apps, applied last. */
  static final Properties overrides = new Properties();

  static Properties props(String appId, String bootstrap, Path dir) {
    Properties p = AllocatorTopology.streamsConfig(appId, bootstrap);
    if (commitsPaced) {
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      p.put(io.netledger.allocator.stream.CommitPacer.MAX_INPUTS_CONFIG, 1_000);
    }
    p.putAll(overrides);
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + appId).toString());
    return p;
  }

  /** A thread-level Streams metric summed over the app's threads (e.g. commit-total). */
  static double metric(KafkaStreams app, String name) {
    double sum = 0;
    for (Metric m : app.metrics().values()) {
      if (m.metricName().name().equals(name) && m.metricName().group().equals("stream-thread-metrics")
          && m.metricValue() instanceof Double d) {
        sum += d;
      }
    }
    return sum;
  }

  /** Starts {@code app}; inputs/s from RUNNING until its group has committed every input. */
  static double rate(KafkaStreams app, String bootstrap, String appId, int inputs) throws Exception {
    AtomicLong running = new AtomicLong();
    app.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING && running.get() == 0) {
        running.set(System.nanoTime());
      }
    });
    long t0 = System.nanoTime();
    app.start();
    long end = awaitCaughtUp(bootstrap, appId, Duration.ofMinutes(10));
    long from = running.get() == 0 ? t0 : running.get();
    return inputs / ((end - from) / 1e9);
  }

  /** When the group {@code appId} has read everything it reads (polled every 50 ms). */
  static long awaitCaughtUp(String bootstrap, String appId, Duration timeout) throws Exception {
    return io.netledger.devcluster.GroupProgress.awaitCaughtUp(bootstrap, appId, timeout, Duration.ofMillis(50));
  }

  static long[] latency(KafkaStreams alloc, String bootstrap, DevCluster c, int samples, int services)
      throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean ready = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (KafkaConsumer<String, byte[]> cons = consumer(bootstrap, Topics.ALLOCATIONS.name())) {
        cons.seekToEnd(cons.assignment());
        cons.assignment().forEach(cons::position);
        ready.set(true);
        while (!stop.get()) {
          for (var r : cons.poll(Duration.ofMillis(5))) {
            seenAt.putIfAbsent(r.key(), System.nanoTime());
          }
        }
      }
    });
    reader.start();
    while (!ready.get()) {
      Thread.sleep(50);
    }
    try (EventPublisher pub = EventPublisher.create(PublisherConfig.of(bootstrap, c.registryUrl(), "bench"))) {
      // Warm the publisher and the allocator's light-load path; not counted.
      for (int i = 0; i < 50; i++) {
        pub.publishAsync(start("warm" + i, i % HOSTS, services), "warm-" + i).get(10, TimeUnit.SECONDS);
        Thread.sleep(20);
      }
      Thread.sleep(1_000);
      for (int i = 0; i < samples; i++) {
        String id = "lat" + i;
        sentAt.put(id, System.nanoTime());
        pub.publishAsync(start(id, i % HOSTS, services), "lat-" + i);
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
    KafkaConsumer<String, byte[]> cons = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = cons.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(i -> new TopicPartition(topic, i.partition())).toList();
    cons.assign(parts);
    return cons;
  }
}
