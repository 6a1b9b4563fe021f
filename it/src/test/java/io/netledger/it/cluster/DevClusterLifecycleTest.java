package io.netledger.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.cli.cluster.ClusterInfo;
import io.netledger.cli.cluster.ClusterStartException;
import io.netledger.cli.cluster.DevCluster;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A separate cluster (beside the shared one) comes up with the catalogue's topics, and closing it
 * leaves no process and no listening port; a start that fails says what failed and where its log
 * is, and leaves nothing behind either.
 */
@ExtendWith(SharedCluster.class)
class DevClusterLifecycleTest {

  @Test
  void startsWithTheCatalogueAndStopsWithoutLeftovers() throws Exception {
    List<String> narration = new ArrayList<>();
    DevCluster cluster = DevCluster.start(DevCluster.Options.in(SharedCluster.dataDir("lifecycle-"))
        .withProgress(narration::add));
    List<ProcessHandle> processes = new ArrayList<>();
    List<Integer> ports;
    try {
      assertEquals(cluster.info(), ClusterInfo.read(cluster.dataDir().resolve(ClusterInfo.FILE_NAME)));
      assertTrue(narration.stream().anyMatch(l -> l.startsWith("cluster ready")), narration.toString());
      assertTopicsAsCatalogued(cluster);

      processes.add(cluster.broker().processHandle());
      processes.add(cluster.registry().processHandle());
      processes.forEach(p -> p.descendants().forEach(processes::add));
      Set<Long> ours = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
      processes.forEach(p -> assertTrue(ours.contains(p.pid()), "child " + p.pid() + " is ours"));
      ports = List.of(cluster.broker().port(), cluster.broker().controllerPort(),
          cluster.registry().port(), cluster.registry().managementPort());
      for (int port : ports) {
        assertTrue(accepts(port), "listening on " + port);
      }
    } finally {
      cluster.close();
    }

    Set<Long> left = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    for (ProcessHandle p : processes) {
      assertFalse(p.isAlive(), "process " + p.pid() + " still alive");
      assertFalse(left.contains(p.pid()), "process " + p.pid() + " still a descendant");
    }
    for (int port : ports) {
      assertFalse(accepts(port), "port " + port + " still accepts connections");
    }
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

  @Test
  void aFailedStartNamesThePartAndItsLogAndLeavesNothingRunning() throws Exception {
    Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    // The shared registry's port is taken: this registry cannot bind and exits.
    int taken = SharedCluster.cluster().registry().port();
    ClusterStartException e = assertThrows(ClusterStartException.class, () -> DevCluster.start(
        DevCluster.Options.in(SharedCluster.dataDir("clash-")).withPorts(0, taken)));

    assertTrue(e.getMessage().contains("schema registry"), e.getMessage());
    assertNotNull(e.log());
    assertTrue(e.getMessage().contains(e.log().toString()), e.getMessage());
    assertTrue(Files.exists(e.log()), e.log().toString());

    Set<Long> after = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid).collect(Collectors.toSet());
    after.removeAll(before);
    assertEquals(Set.of(), after, "processes left by the failed start");
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
