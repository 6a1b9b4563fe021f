package io.netledger.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.cli.Main;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.DevCluster;
import io.netledger.devcluster.demo.LogReader;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The `netledger publish` command against the real broker and registry, and with either one down. */
@ExtendWith(SharedCluster.class)
class PublishCommandTest {
  record Run(int code, String out, String err, long millis) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
  }

  static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void publishesThroughClusterJsonAndPrintsCoordinatesThatHoldTheEvent() throws Exception {
    DevCluster cluster = SharedCluster.cluster();
    Path dir = SharedCluster.dataDir("cli-");
    cluster.info().write(dir.resolve(ClusterInfo.FILE_NAME));
    String id = "cli-" + System.nanoTime();

    Run r = run("publish", "container-started", "--data-dir", dir.toString(), "--json",
        "--container-id", id, "--name", "web", "--service", "web", "--stack", "shop",
        "--host-id", "H9", "--network-id", "managed", "--netns", "ns-web",
        "--aliases", "www", "--aliases", "front", "--labels", "tier=frontend", "--event-id", "ev-" + id);
    assertEquals(0, r.code(), r.err());
    JsonNode at = new ObjectMapper().readTree(r.out());
    assertEquals(Topics.CONTAINERS.name(), at.get("topic").asText());
    assertEquals(id, at.get("key").asText());

    List<SpecificRecord> found = new ArrayList<>();
    LogReader.readAll(cluster.bootstrapServers(), cluster.registryUrl(), List.of(Topics.CONTAINERS),
        (topic, partition, offset, key, value) -> {
          if (partition == at.get("partition").asInt() && offset == at.get("offset").asLong()) {
            found.add(value);
          }
        });
    assertEquals(1, found.size());
    ContainerEvent event = (ContainerEvent) found.get(0);
    assertEquals("ev-" + id, event.getEventId());
    ContainerStarted started = (ContainerStarted) event.getPayload();
    assertEquals(List.of("www", "front"), started.getAliases());
    assertEquals("frontend", started.getLabels().get("tier"));
    assertEquals("shop", started.getStack());
  }

  @Test
  void brokerDownExitsOneWithinTheTimeoutNamingTheAddress() throws Exception {
    String dead = "127.0.0.1:" + deadPort();
    Run r = run("publish", "host-removed", "--host-id", "H1", "--timeout", "3s",
        "--bootstrap", dead, "--registry", SharedCluster.cluster().registryUrl());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains(dead), r.err());
    assertTrue(r.millis() < 3_000 + 5_000, "returned after " + r.millis() + " ms");
  }

  @Test
  void registryDownExitsOneNamingTheUrl() throws Exception {
    String dead = "http://127.0.0.1:" + deadPort() + "/apis/ccompat/v7";
    Run r = run("publish", "host-removed", "--host-id", "H1", "--timeout", "3s",
        "--bootstrap", SharedCluster.cluster().bootstrapServers(), "--registry", dead);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("127.0.0.1"), r.err());
    assertTrue(r.millis() < 3_000 + 5_000, "returned after " + r.millis() + " ms");
  }

  @Test
  void invalidInputExitsTwoBeforeTouchingTheCluster() {
    Run r = run("publish", "network-created", "--network-id", "n1", "--name", "n1", "--cidr", "10.42.0.0/16",
        "--vni", "7", "--block-prefix-length", "31",
        "--bootstrap", SharedCluster.cluster().bootstrapServers(), "--registry", SharedCluster.cluster().registryUrl());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("blockPrefixLength='31'") && r.err().contains("20..30"), r.err());
  }
}
