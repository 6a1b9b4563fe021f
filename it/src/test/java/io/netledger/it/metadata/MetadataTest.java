package io.netledger.it.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.NetworkCreated;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Shell;
import io.netledger.it.support.SharedCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The metadata API as a container sees it, with {@code curl} from inside the mongo container's
 * namespace: every top-level path, plain text and JSON, the dated versions, the name
 * {@code rancher-metadata}, and a long poll that wakes for a new container of its own network and
 * not for one of another network on the same host. Seed scenario (rocketchat on H1, mongo and
 * hubot on H2) plus network {@code other} with a container on H2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetadataTest {
  static final String MD = "http://169.254.169.250";
  static PacketWorld world;
  static String mongo;
  static String hubot;

  @BeforeAll
  static void buildTheWorld() {
    assumeTrue(Shell.canBuildNamespaces(), "needs root and iproute2 to build network namespaces");
    world = PacketWorld.start(SharedCluster.dataDir("metadata-"), List.of("H1", "H2"),
        line -> System.out.println("[world] " + line));
    world.publish(SeedScenario.network(Encryption.NONE));
    world.publish(NetworkCreated.newBuilder().setNetworkId("other").setName("other").setCidr("10.43.0.0/16")
        .setVni(4343).setDnsDomain("other.internal").setEncryption(Encryption.NONE).build());
    Duration wait = Duration.ofSeconds(60);
    world.startContainer(SeedScenario.container("rocketchat", "H1"), wait);
    mongo = world.startContainer(ContainerStarted.newBuilder(SeedScenario.container("mongo", "H2"))
        .setLabels(Map.of("role", "db")).build(), wait);
    hubot = world.startContainer(SeedScenario.container("hubot", "H2"), wait);
    world.startContainer(other("outsider"), wait);
  }

  static ContainerStarted other(String name) {
    return ContainerStarted.newBuilder().setContainerId("c-" + name).setName(name).setService("vault")
        .setStack("secrets").setHostId("H2").setNetworkId("other").setNetns(NetnsWorld.containerNs(name)).build();
  }

  @AfterAll
  static void tearDown() {
    if (world != null) {
      world.close();
    }
    assertEquals(List.of(), NetnsWorld.leftovers());
  }

  static String curl(String path, String... headers) {
    List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
    for (String h : headers) {
      cmd.add("-H");
      cmd.add(h);
    }
    cmd.add(MD + path);
    Shell.Result r = Shell.inNetns(NetnsWorld.containerNs("mongo"), 30, cmd.toArray(String[]::new));
    assertTrue(r.ok(), path + ": " + r.output());
    return r.output();
  }

  /** The answer once the agent has read everything (allocations arrive from other hosts too). */
  static String eventuallyCurl(String path, String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String got = curl(path);
    while (!got.equals(expected) && System.nanoTime() < deadline) {
      sleep(100);
      got = curl(path);
    }
    return got;
  }

  @Test
  @Order(1)
  void everyTopLevelPathInPlainText() {
    assertEquals("containers/\nhosts/\nself/\nservices/\nstacks/\nversion\n", curl("/latest/"));
    assertEquals("0=rocketchat\n1=mongo\n2=hubot\n", eventuallyCurl("/latest/containers", "0=rocketchat\n1=mongo\n2=hubot\n"),
        "the network's containers on both hosts, never the other network's");
    assertEquals("0=hubot\n1=mongo\n2=rocketchat\n", curl("/latest/services"));
    assertEquals("0=rocket-chat\n", curl("/latest/stacks"));
    assertEquals("0=h1\n1=h2\n", curl("/latest/hosts"));
    assertEquals("container/\nhost/\nservice/\nstack/\n", curl("/latest/self"));
    assertEquals(mongo, curl("/latest/self/container/primary_ip"));
    assertEquals("db", curl("/latest/self/container/labels/role"));
    assertEquals("mongo", curl("/latest/self/service/name"));
    assertEquals("1", curl("/latest/self/service/scale"));
    assertEquals("rocket-chat", curl("/latest/self/stack/name"));
    assertEquals("h2", curl("/latest/self/host/name"));
    assertEquals("h1", curl("/latest/containers/rocketchat/hostname"));
    assertTrue(curl("/latest/version").matches("\\d+"));
  }

  @Test
  @Order(2)
  void jsonWithTheAcceptHeaderAndDatedVersions() {
    JsonObject me = new JsonObject(curl("/latest/self/container", "Accept: application/json"));
    assertEquals("mongo", me.getString("name"));
    assertEquals(mongo, me.getString("primary_ip"));
    assertEquals("rocket-chat", me.getString("stack_name"));
    assertEquals("c-mongo", me.getString("containerId"), "the fields answered before stay");
    JsonObject hubotService = new JsonObject(curl("/2015-12-19/services/hubot", "Accept: application/json"));
    assertEquals(hubot, hubotService.getJsonArray("containers").getJsonObject(0).getString("primary_ip"));
    assertEquals("hubot.rocket-chat.rancher.internal", hubotService.getString("fqdn"));
    assertEquals("0=hubot\n", curl("/2015-07-25/services/hubot/containers"));
    assertEquals("[\"hubot\",\"mongo\",\"rocketchat\"]",
        curl("/2015-07-25/stacks/rocket-chat/services", "Accept: application/json"));
    assertEquals("2015-07-25\n2015-12-19\nlatest\n", curl("/"));
  }

  @Test
  @Order(3)
  void unknownPathsSayWhy() {
    Shell.Result r = Shell.inNetns(NetnsWorld.containerNs("mongo"), 30, "curl", "-sS", "-w", "\\n%{http_code}",
        MD + "/latest/containers/outsider");
    assertEquals("no such path: /latest/containers/outsider\n\n404", r.output());
  }

  @Test
  @Order(4)
  void rancherMetadataResolvesToTheServiceAddress() {
    for (String name : List.of("rancher-metadata", "rancher-metadata.rancher.internal")) {
      Shell.Result dig = Shell.inNetns(NetnsWorld.containerNs("mongo"), 30, "dig", "+short", name);
      assertEquals("169.254.169.250", dig.output().strip(), name + ": " + dig.output());
    }
    Shell.Result byName = Shell.inNetns(NetnsWorld.containerNs("mongo"), 30, "curl", "-sS", "--max-time", "10",
        "http://rancher-metadata/latest/self/container/name");
    assertEquals("mongo", byName.output(), "through the search list, as a client would");
  }

  @Test
  @Order(5)
  void aLongPollWakesForItsOwnNetworkOnly() throws Exception {
    String version = curl("/latest/version");
    Process poll = new ProcessBuilder("ip", "netns", "exec", NetnsWorld.containerNs("mongo"), "curl", "-sS",
        "--max-time", "90", MD + "/latest/services/hubot/scale?wait=true&value=" + version + "&maxWait=60")
        .redirectErrorStream(true).start();
    try {
      sleep(500);
      world.startContainer(other("outsider-2"), Duration.ofSeconds(60));
      sleep(500);
      assertTrue(poll.isAlive(), "a container of another network on the same host does not wake it: "
          + (poll.isAlive() ? "" : output(poll)));
      ContainerStarted second = ContainerStarted.newBuilder(SeedScenario.container("hubot", "H1"))
          .setContainerId("c-hubot-2").setName("hubot-2").setNetns(NetnsWorld.containerNs("hubot-2")).build();
      world.world().addContainer("hubot-2");
      long published = System.nanoTime();
      world.publish(second);
      // When a plain request first sees the new container: the agent's view has it. The long poll
      // must have woken by then (plus 1 s); end to end it also includes the allocator and the
      // agent reading the log, which a loaded machine stretches.
      long seen = 0;
      while (seen == 0 && System.nanoTime() - published < Duration.ofSeconds(10).toNanos()) {
        if (curl("/latest/services/hubot/scale").equals("2")) {
          seen = System.nanoTime();
        }
      }
      assertTrue(seen > 0, "hubot-2 never appeared in the metadata");
      assertTrue(poll.waitFor(Math.max(0, 1000 - (System.nanoTime() - seen) / 1_000_000), TimeUnit.MILLISECONDS),
          "the long poll did not return within 1 s of the container being in the agent's view");
      long woke = System.nanoTime();
      System.out.printf("long poll: returned %d ms after the ContainerStarted was acknowledged; a plain request"
          + " saw the container %d ms after it%n", (woke - published) / 1_000_000, (seen - published) / 1_000_000);
      assertEquals("2", output(poll), "woken by the new container, answering with it");
      assertFalse(curl("/latest/version").equals(version));
    } finally {
      poll.destroyForcibly();
    }
  }

  static String output(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
