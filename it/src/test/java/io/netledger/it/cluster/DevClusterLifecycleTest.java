package io.netledger.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.ContainerEvent;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.ClusterStartException;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.Samples;
import io.netledger.it.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Separate clusters (beside the shared one): one comes up on the address it was given with the
 * catalogue's topics, keeps its records and schema ids across a restart, and leaves no process
 * and no listening port when closed; a start that fails says what failed and where its log is,
 * and leaves nothing behind either.
 */
@ExtendWith(SharedCluster.class)
class DevClusterLifecycleTest {
  /** Another loopback address: proves both servers bind where told, not to 127.0.0.1 or 0.0.0.0. */
  private static final String ADDRESS = "127.0.0.2";

  @Test
  void keepsItsDataAcrossARestartAndStopsWithoutLeftovers() throws Exception {
    Path dir = SharedCluster.dataDir("lifecycle-");
    List<String> narration = new ArrayList<>();
    DevCluster.Options options = DevCluster.Options.in(dir).withListenAddress(ADDRESS).withProgress(narration::add);
    ContainerEvent event = Samples.of(ContainerEvent.class, 1, 11).get(0);

    DevCluster first = DevCluster.start(options);
    Running running;
    try {
      assertEquals(first.info(), ClusterInfo.read(dir.resolve(ClusterInfo.FILE_NAME)));
      assertTrue(first.bootstrapServers().startsWith(ADDRESS + ":"), first.bootstrapServers());
      assertTrue(first.registryUrl().startsWith("http://" + ADDRESS + ":"), first.registryUrl());
      assertTrue(narration.stream().anyMatch(l -> l.startsWith("cluster ready")), narration.toString());
      assertTopicsAsCatalogued(first);
      running = Running.of(first);
      running.assertListening();
      produce(first, event);
    } finally {
      first.close();
    }
    running.assertGone();

    DevCluster second = DevCluster.start(options);
    try {
      running = Running.of(second);
      // Same storage: the record is still on the topic and its schema id still resolves.
      assertEquals(event, consumeOne(second));
    } finally {
      second.close();
    }
    running.assertGone();
  }

  /** The processes and ports of a running cluster, to check after close that none is left. */
  private record Running(List<ProcessHandle> processes, List<Integer> ports) {
    static Running of(DevCluster cluster) {
      List<ProcessHandle> processes = new ArrayList<>();
      processes.add(cluster.broker().processHandle());
      processes.add(cluster.registry().processHandle());
      List.copyOf(processes).forEach(p -> p.descendants().forEach(processes::add));
      Set<Long> ours = descendants();
      processes.forEach(p -> assertTrue(ours.contains(p.pid()), "child " + p.pid() + " is ours"));
      return new Running(processes, List.of(cluster.broker().port(), cluster.broker().controllerPort(),
          cluster.registry().port(), cluster.registry().managementPort()));
    }

    void assertListening() {
      for (int port : ports) {
        assertTrue(Sockets.accepts(ADDRESS, port), "listening on " + ADDRESS + ":" + port);
        assertFalse(Sockets.accepts("127.0.0.1", port), "also listening on 127.0.0.1:" + port);
      }
    }

    void assertGone() {
      Set<Long> left = descendants();
      for (ProcessHandle p : processes) {
        assertFalse(p.isAlive(), "process " + p.pid() + " still alive");
        assertFalse(left.contains(p.pid()), "process " + p.pid() + " still a descendant");
      }
      for (int port : ports) {
        assertFalse(Sockets.accepts(ADDRESS, port), "port " + port + " still accepts connections");
      }
    }
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  private static void assertTopicsAsCatalogued(DevCluster cluster) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<String, TopicDescription> described = admin.describeTopics(
          Topics.all().stream().map(Topic::name).toList()).allTopicNames().get();
      for (Topic<?> t : Topics.all()) {
        assertEquals(t.partitions(), described.get(t.name()).partitions().size(), t.name());
      }
    }
  }

  private static void produce(DevCluster cluster, ContainerEvent event) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    AvroSerde<ContainerEvent> serde = AvroSerde.forTopic(Topics.CONTAINERS, RegistryConfig.connect(cluster.registryUrl()), true);
    try (KafkaProducer<String, ContainerEvent> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
      producer.send(new ProducerRecord<>(Topics.CONTAINERS.name(), "survivor", event)).get();
    }
  }

  private static ContainerEvent consumeOne(DevCluster cluster) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    AvroSerde<ContainerEvent> serde = AvroSerde.forTopic(Topics.CONTAINERS, RegistryConfig.connect(cluster.registryUrl()), false);
    try (KafkaConsumer<String, ContainerEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(), serde.deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONTAINERS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ContainerEvent> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key().equals("survivor")) {
            return r.value();
          }
        }
      }
    }
    throw new AssertionError("the record written before the restart was not found");
  }

  @Test
  void aFailedStartNamesThePartAndItsLogAndLeavesNothingRunning() throws Exception {
    Set<Long> before = descendants();
    // The registry's port is taken: it cannot bind and exits. Held by this test rather than
    // borrowed from the shared registry: a whole-suite run once saw this start succeed on the
    // shared registry's port (not diagnosed); a port the test holds itself is taken for certain.
    ClusterStartException e;
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      e = assertThrows(ClusterStartException.class, () -> DevCluster.start(
          DevCluster.Options.in(SharedCluster.dataDir("clash-")).withPorts(0, taken.getLocalPort())));
    }

    assertTrue(e.getMessage().contains("schema registry"), e.getMessage());
    assertNotNull(e.log());
    assertTrue(e.getMessage().contains(e.log().toString()), e.getMessage());
    assertTrue(Files.exists(e.log()), e.log().toString());

    Set<Long> after = descendants();
    after.removeAll(before);
    assertEquals(Set.of(), after, "processes left by the failed start");
  }
}
