package io.netledger.bench;

import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;

import io.netledger.avro.Encryption;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.events.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a CNI ADD spends its time: one host of the packet world (broker, registry, allocator,
 * mesh and an agent serving the CNI door), a fresh network namespace per round, an ADD sent to
 * the agent's socket in the plugin's wire form, then DEL. Read-committed consumers stamp when
 * the container's records become visible on each topic on the way, so the figure splits into
 * the stages of the pipeline:
 * input acknowledged → allocator decision order → allocation → mesh input order → host-state
 * slice → kernel programmed and ADD answered.
 *
 * <pre>
 * bench/run CniLatencyBench [rounds] [ports] [direct|gateway] [secure]
 * </pre>
 * With {@code ports} every other round asks for a published port ({@code runtimeConfig.portMappings},
 * what {@code podman run -p} passes: a host port of its own per round), so the ADD also goes
 * through the port index and the agent's nftables table; those rounds print as "... (ports)".
 * {@code gateway}: the agent's CNI door publishes through {@code netledger gateway} over mTLS
 * with the host's certificate (the trust boundary's path) instead of straight to the broker.
 * (root, iproute2). Prints the median and p90 of each stage since the ADD was sent, in ms. The
 * plugin script itself (sh + socat, a few ms) is not included; podman's figures are in
 * {@code PodmanCniTest}.
 */
public final class CniLatencyBench {
  private CniLatencyBench() {}

  /** Stages in pipeline order: a display name and which topics' records mark it. */
  private static final Map<String, String> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put("input", Topics.CONTAINERS.name());
    STAGES.put("allocator order", "allocator-decision-order-repartition");
    STAGES.put("allocation", Topics.ALLOCATIONS.name());
    STAGES.put("mesh order", "mesh-inputs-repartition");
    STAGES.put("host-state", Topics.HOST_STATE.name());
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
        "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    List<String> options = List.of(args).subList(Math.min(1, args.length), args.length);
    boolean ports = options.contains("ports");
    boolean throughGateway = options.contains("gateway");
    // On a secure cluster a host may not write inputs: its CNI facts go through the gateway.
    boolean secure = options.contains("secure");
    if (secure && !throughGateway) {
      throw new IllegalArgumentException("secure needs gateway: a host principal may not publish straight to the inputs");
    }
    int warmup = 10;
    Path dir = Files.createTempDirectory("netledger-cni-bench-");
    try (PacketWorld world = PacketWorld.start(dir, List.of("H1"), line -> { }, 1, throughGateway, secure)) {
      world.publish(SeedScenario.network(Encryption.NONE));
      Path socket = world.cniSocket("H1");
      while (!Files.exists(socket)) {
        world.checkAlive();
        Thread.sleep(100);
      }
      Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread stamper = stamper(world.cluster().bootstrapServers(), world.cluster().operatorTls().orElse(null), seen,
          running);
      stamper.start();
      Map<String, List<Long>> micros = new LinkedHashMap<>();
      try {
        for (int i = 0; i < rounds + warmup; i++) {
          String name = "b" + i;
          String id = "cnibench" + Long.toString(System.nanoTime(), 36);
          world.world().addContainer(name);
          String netns = "/run/netns/" + NetnsWorld.containerNs(name);
          String mappings = ports && i % 2 == 1
              ? "[{\"hostPort\":" + (20000 + i) + ",\"containerPort\":80,\"protocol\":\"tcp\",\"hostIP\":\"\"}]" : null;
          String suffix = mappings == null ? "" : " (ports)";
          long t0 = System.nanoTime();
          String answer = call(socket, "ADD", id, netns, mappings);
          long done = System.nanoTime();
          if (!answer.startsWith("0\n")) {
            throw new IllegalStateException("ADD failed: " + answer);
          }
          call(socket, "DEL", id, netns, null);
          Thread.sleep(100); // let the stamps of the DEL's records drain
          if (i < warmup) {
            continue;
          }
          Map<String, Long> at = seen.getOrDefault(id, Map.of());
          for (Map.Entry<String, String> s : STAGES.entrySet()) {
            Long t = at.get(s.getValue());
            if (t != null) {
              micros.computeIfAbsent(s.getKey() + suffix, k -> new ArrayList<>()).add((t - t0) / 1000);
            }
          }
          micros.computeIfAbsent("ADD answered" + suffix, k -> new ArrayList<>()).add((done - t0) / 1000);
        }
      } finally {
        running.set(false);
        stamper.join(5_000);
      }
      System.out.printf("CNI ADD on one host, %d rounds, %s, cluster %s (ms since the ADD was sent, read_committed"
          + " visibility):%n", rounds, throughGateway ? "through the gateway over mTLS" : "straight to the broker",
          secure ? "secure (TLS, client certificates, ACLs)" : "plaintext");
      micros.forEach((stage, xs) -> {
        Collections.sort(xs);
        System.out.printf("  %-24s median %6.1f   p90 %6.1f   (%d seen)%n", stage, xs.get(xs.size() / 2) / 1000.0,
            xs.get((int) Math.ceil(xs.size() * 0.9) - 1) / 1000.0, xs.size());
      });
    }
  }

  /** One call in the plugin's wire form (io.netledger.agent.cni.CniCall); returns the answer. */
  static String call(Path socket, String command, String containerId, String netns, String portMappings) {
    String request = "CNI_COMMAND=" + command + "\nCNI_CONTAINERID=" + containerId + "\nCNI_NETNS=" + netns
        + "\nCNI_IFNAME=eth0\nCNI_ARGS=K8S_POD_NAME=" + containerId + "\n\n"
        + "{\"cniVersion\":\"1.0.0\",\"name\":\"bench\",\"type\":\"netledger-cni\",\"networkId\":\""
        + SeedScenario.NETWORK + "\""
        + (portMappings == null ? "" : ",\"runtimeConfig\":{\"portMappings\":" + portMappings + "}") + "}";
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.shutdownOutput();
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stamps the first time each key shows up on each stage's topics (topic suffix for internal ones). */
  private static Thread stamper(String bootstrap, Path tls, Map<String, Map<String, Long>> seen,
      AtomicBoolean running) {
    Properties p = new Properties();
    io.netledger.events.security.KafkaTls.applyTo(p, tls);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<TopicPartition> partitions = new ArrayList<>();
    Properties adminProps = new Properties();
    io.netledger.events.security.KafkaTls.applyTo(adminProps, tls);
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(adminProps)) {
      for (var d : admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values()) {
        if (STAGES.values().stream().anyMatch(d.name()::endsWith)) {
          d.partitions().forEach(tp -> partitions.add(new TopicPartition(d.name(), tp.partition())));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the topics to stamp", e);
    }
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    Thread t = new Thread(() -> {
      try (consumer) {
        while (running.get()) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
            long now = System.nanoTime();
            String key = r.key() == null ? "" : r.key();
            int at = key.indexOf("cnibench");
            if (at < 0) {
              continue;
            }
            String id = key.substring(at).split("[/|]")[0];
            String stage = STAGES.values().stream().filter(r.topic()::endsWith).findFirst().orElseThrow();
            seen.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).putIfAbsent(stage, now);
          }
        }
      }
    }, "cni-bench-stamper");
    t.setDaemon(true);
    return t;
  }
}
