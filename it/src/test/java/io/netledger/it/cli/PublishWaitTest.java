package io.netledger.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.allocator.app.AllocatorApp;
import io.netledger.allocator.app.AllocatorAppConfig;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.DevCluster;
import io.netledger.it.support.SharedCluster;
import io.netledger.support.streams.StreamsAppSettings;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code netledger publish ... --wait} against the shared cluster with an allocator running:
 * exit 0 naming the address, 2 with the reason when refused, 3 when no decision arrives.
 */
@ExtendWith(SharedCluster.class)
class PublishWaitTest {
  final String run = "w" + Long.toString(System.nanoTime(), 36);

  static Properties props(DevCluster c, String appId, Path state) {
    Properties p = new Properties();
    p.setProperty(StreamsAppSettings.BOOTSTRAP, c.bootstrapServers());
    p.setProperty(StreamsAppSettings.REGISTRY, c.registryUrl());
    p.setProperty(StreamsAppSettings.APPLICATION_ID, appId);
    p.setProperty(StreamsAppSettings.STATE_DIR, state.toString());
    p.setProperty(StreamsAppSettings.HTTP_PORT, "0");
    p.setProperty("streams.session.timeout.ms", "6000");
    return p;
  }

  @Test
  void waitsForTheAllocatorsDecision() throws Exception {
    DevCluster c = SharedCluster.cluster();
    Path dir = SharedCluster.dataDir("wait-");
    c.info().write(dir.resolve(ClusterInfo.FILE_NAME));
    String d = dir.toString();
    String net = run + "-net";

    // No allocator yet: Kafka takes the event, nobody decides within the wait.
    PublishCommandTest.Run none = PublishCommandTest.run("publish", "host-registered", "--data-dir", d, "--wait",
        "--wait-timeout", "2s", "--host-id", run + "H0", "--hostname", "h0", "--underlay-ip", "198.18.9.10");
    assertEquals(3, none.code(), none.out() + none.err());
    assertTrue(none.err().contains("no decision arrived within 2000 ms"), none.err());

    try (AllocatorApp allocator = AllocatorApp.start(AllocatorAppConfig.from(props(c, "it-wait-" + run, dir.resolve("a"))))) {
      // The first waits cover the allocator's start and its catching up with the shared log.
      PublishCommandTest.Run network = PublishCommandTest.run("publish", "network-created", "--data-dir", d, "--wait",
          "--wait-timeout", "120s", "--network-id", net, "--name", net, "--cidr", "10.78.0.0/24", "--vni", "7800",
          "--encryption", "NONE");
      assertEquals(0, network.code(), network.out() + network.err());
      assertTrue(network.out().startsWith("accepted NetworkCreated"), network.out());
      PublishCommandTest.Run host = PublishCommandTest.run("publish", "host-registered", "--data-dir", d, "--wait",
          "--wait-timeout", "60s", "--host-id", run + "H1", "--hostname", "h1", "--underlay-ip", "198.18.9.11");
      assertEquals(0, host.code(), host.out() + host.err());

      String[] start = {"publish", "container-started", "--data-dir", d, "--wait", "--wait-timeout", "60s", "--json",
          "--container-id", run + "-web", "--name", "web", "--host-id", run + "H1", "--network-id", net,
          "--netns", "nlc-web", "--event-id", run + "-e1"};
      PublishCommandTest.Run ok = PublishCommandTest.run(start);
      assertEquals(0, ok.code(), ok.out() + ok.err());
      JsonNode answer = new ObjectMapper().readTree(ok.out());
      assertEquals("accepted", answer.get("decision").asText(), ok.out());
      String ip = answer.get("allocations").get(0).get("ip").asText();
      assertTrue(ip.startsWith("10.78.0."), ok.out());

      // The same eventId again: refused at once, under its own coordinates.
      PublishCommandTest.Run again = PublishCommandTest.run(start);
      assertEquals(2, again.code(), again.out() + again.err());
      assertTrue(again.err().contains("DUPLICATE_EVENT"), again.err());
      assertEquals("refused", new ObjectMapper().readTree(again.out()).get("decision").asText());

      // A start in a network nobody created: refused with the reason, in words.
      PublishCommandTest.Run unknown = PublishCommandTest.run("publish", "container-started", "--data-dir", d, "--wait",
          "--wait-timeout", "60s", "--container-id", run + "-x", "--name", "x", "--host-id", run + "H1",
          "--network-id", run + "-nowhere", "--netns", "nlc-x");
      assertEquals(2, unknown.code(), unknown.out() + unknown.err());
      assertTrue(unknown.err().contains("UNKNOWN_NETWORK"), unknown.err());
      assertTrue(unknown.out().startsWith("refused ContainerStarted"), unknown.out());
    }
  }
}
