package io.netledger.bench;

import io.netledger.allocator.app.AllocatorApp;
import io.netledger.allocator.app.AllocatorAppConfig;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What replication costs: the same run on one broker (RF 1, min ISR 1) and on three (RF 3,
 * min ISR 2), one after the other on this machine, with the allocator in-process:
 * <ol>
 *   <li>publisher throughput: N ContainerStarted through {@link EventPublisher#publishAsync}
 *       (acks=all, idempotent), events/s until the last is acknowledged;</li>
 *   <li>publish to allocation: one start every 20 ms, from the publish call to its Allocation
 *       readable with read_committed (the allocator's two EOS commits on the way): median and p99.</li>
 * </ol>
 * <pre>bench/run ReplicationBench [events] [samples]</pre>
 * {@code NETLEDGER_JAVA_OPTS="-Dnetledger.bench.brokers=3"} runs one size only, and
 * {@code -Dnetledger.bench.set=k=v,k=v} adds allocator settings (e.g.
 * {@code streams.consumer.fetch.max.wait.ms=10}) to try one against the default.
 */
public final class ReplicationBench {
  private ReplicationBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
        "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    List<String> figures = new ArrayList<>();
    for (int brokers : java.util.Arrays.stream(System.getProperty("netledger.bench.brokers", "1,3").split(","))
        .mapToInt(Integer::parseInt).toArray()) {
      figures.add(run(brokers, events, samples));
    }
    System.out.println("--- ReplicationBench " + events + " events, " + samples + " latency samples");
    figures.forEach(System.out::println);
  }

  private static String run(int brokers, int events, int samples) throws Exception {
    Path dir = Files.createTempDirectory("netledger-replication-bench-");
    try (DevCluster c = DevCluster.start(DevCluster.Options.in(dir).withBrokers(brokers)
        .withProgress(line -> System.out.println("  " + line)))) {
      Properties p = new Properties();
      p.put("bootstrap.servers", c.bootstrapServers());
      p.put("registry.url", c.registryUrl());
      p.put("state.dir", dir.resolve("allocator").toString());
      p.put("http.port", "0");
      for (String kv : System.getProperty("netledger.bench.set", "").split(",")) {
        if (kv.contains("=")) {
          p.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
      try (AllocatorApp app = AllocatorApp.start(AllocatorAppConfig.from(p));
           EventPublisher pub = EventPublisher.create(PublisherConfig.of(c.bootstrapServers(), c.registryUrl(), "bench"))) {
        if (!app.awaitRunning(Duration.ofSeconds(180))) {
          throw new IllegalStateException("allocator not running after 180 s");
        }
        pub.publish(NetworkCreated.newBuilder().setNetworkId("bench").setName("bench").setCidr("10.0.0.0/12")
            .setBlockPrefixLength(26).setVni(9000).setMtu(1450).setDnsDomain("bench.internal")
            .setEncryption(Encryption.NONE).setDnsTtlSeconds(60).build());
        for (int h = 0; h < 10; h++) {
          pub.publish(HostRegistered.newBuilder().setHostId("H" + h).setHostname("h" + h)
              .setUnderlayIp("198.18.0." + (h + 1)).build());
        }
        // Throughput: warm-up round, then the measured one.
        double rate = 0;
        for (String round : List.of("warm", "run")) {
          int n = round.equals("warm") ? Math.min(5_000, events) : events;
          long t0 = System.nanoTime();
          List<CompletableFuture<?>> sent = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            sent.add(pub.publishAsync(start(round + "-" + i, i % 10), round + "-" + i));
          }
          CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
          rate = n / ((System.nanoTime() - t0) / 1e9);
        }
        long[] lat = latency(c, pub, samples, "c-run-", events);
        return String.format("%d broker(s), RF %d / min ISR %d: publish %,.0f events/s; publish -> allocation"
            + " median %d ms, p99 %d ms (%d samples)", brokers, brokers >= 3 ? 3 : 1, brokers >= 3 ? 2 : 1, rate,
            lat[lat.length / 2], lat[(int) Math.min(lat.length - 1, Math.round(lat.length * 0.99))], lat.length);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static ContainerStarted start(String id, int host) {
    return ContainerStarted.newBuilder().setContainerId("c-" + id).setName("n-" + id).setHostId("H" + host)
        .setNetworkId("bench").setNetns("nlc-" + id).build();
  }

  /** Milliseconds from each publish call to its allocation readable (read_committed), sorted. */
  private static long[] latency(DevCluster c, EventPublisher pub, int samples, String backlogPrefix, int backlog)
      throws Exception {
    Map<String, Long> seen = new ConcurrentHashMap<>();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    try (KafkaConsumer<String, byte[]> cons = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = cons.partitionsFor(Topics.ALLOCATIONS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      cons.assign(parts);
      // Samples measured behind the throughput round's backlog would measure the backlog: wait
      // until every start of it is allocated (the decision order interleaves the input
      // partitions, so the last one published is not the last one decided).
      cons.seekToBeginning(parts);
      java.util.Set<String> allocated = new java.util.HashSet<>();
      long drainDeadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
      while (allocated.size() < backlog && System.nanoTime() < drainDeadline) {
        for (ConsumerRecord<String, byte[]> r : cons.poll(Duration.ofMillis(200))) {
          if (r.key() != null && r.key().startsWith(backlogPrefix)) {
            allocated.add(r.key());
          }
        }
      }
      Thread sender = new Thread(() -> {
        for (int i = 0; i < samples; i++) {
          String id = "c-lat-" + i;
          sentAt.put(id, System.nanoTime());
          pub.publishAsync(start("lat-" + i, i % 10), "lat-" + i);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sender.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (seen.size() < samples && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : cons.poll(Duration.ofMillis(5))) {
          Long at = sentAt.get(r.key());
          if (at != null) {
            seen.putIfAbsent(r.key(), (System.nanoTime() - at) / 1_000_000);
          }
        }
      }
      sender.join();
    }
    long[] ms = seen.values().stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(ms);
    if (ms.length == 0) {
      throw new IllegalStateException("no allocation seen within 120 s");
    }
    return ms;
  }
}
