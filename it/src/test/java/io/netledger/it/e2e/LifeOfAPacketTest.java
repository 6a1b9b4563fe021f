package io.netledger.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.Encryption;
import io.netledger.cli.demo.SeedScenario;
import io.netledger.cli.world.NetnsWorld;
import io.netledger.cli.world.PacketWorld;
import io.netledger.cli.world.Shell;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import io.netledger.it.support.SharedCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "A day in the life of a packet" (the walkthrough in shared/reference) on this project: two host
 * namespaces with agents, the stream apps and the cluster as separate processes, containers as
 * namespaces. The steps run in order on one world.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifeOfAPacketTest {
  static PacketWorld world;
  static String rocketchat;
  static String mongo;
  static String hubot;

  @BeforeAll
  static void buildTheWorld() {
    assumeTrue(Shell.canBuildNamespaces(), "needs root and iproute2 to build network namespaces");
    world = PacketWorld.start(SharedCluster.dataDir("e2e-"), List.of("H1", "H2"),
        line -> System.out.println("[world] " + line));
  }

  @AfterAll
  static void tearDown() {
    if (world != null) {
      world.close();
    }
    assertEquals(List.of(), NetnsWorld.leftovers());
  }

  static Shell.Result in(String container, String... command) {
    return Shell.inNetns(NetnsWorld.containerNs(container), 30, command);
  }

  @Test
  @Order(1)
  void everyContainerGetsOneUniqueAddressInThePool() {
    world.publish(SeedScenario.network(Encryption.NONE));
    Duration wait = Duration.ofSeconds(60);
    rocketchat = world.startContainer(SeedScenario.container("rocketchat", "H1"), wait);
    mongo = world.startContainer(SeedScenario.container("mongo", "H2"), wait);
    hubot = world.startContainer(SeedScenario.container("hubot", "H2"), wait);
    Cidr pool = Cidr.parse("10.42.0.0/16");
    Set<String> all = new HashSet<>(List.of(rocketchat, mongo, hubot));
    assertEquals(3, all.size(), all.toString());
    for (String ip : all) {
      assertTrue(pool.contains(Ipv4.parse(ip)), ip);
    }
    for (String c : List.of("rocketchat", "mongo", "hubot")) {
      Shell.Result addrs = in(c, "ip", "-4", "-o", "addr", "show");
      assertEquals(2, addrs.output().lines().count(), "lo and eth0 only: " + addrs.output());
    }
    world.checkAlive();
  }

  @Test
  @Order(2)
  void sameHostPingIsOneHop() {
    Shell.Result ping = in("mongo", "ping", "-c3", "-i0.2", "-W2", hubot);
    assertTrue(ping.ok(), ping.output());
  }

  @Test
  @Order(3)
  void crossHostPingWorks() {
    Shell.Result ping = in("mongo", "ping", "-c3", "-i0.2", "-W2", rocketchat);
    assertTrue(ping.ok(), ping.output());
    Shell.Result back = in("rocketchat", "ping", "-c2", "-i0.2", "-W2", mongo);
    assertTrue(back.ok(), back.output());
  }

  @Test
  @Order(4)
  void arpShowsTheHostSideMacForRemoteAddresses() {
    in("mongo", "ping", "-c1", "-W2", rocketchat);
    Shell.Result neigh = in("mongo", "ip", "neigh", "show", "dev", "eth0");
    Shell.Result hostSide = Shell.inNetns(NetnsWorld.hostNs("H2"), 10, "ip", "-o", "link", "show");
    assertTrue(neigh.ok(), neigh.output());
    assertNotEquals("", neigh.output().strip(), "mongo's neighbour table is empty");
    System.out.println("mongo ARP:\n" + neigh.output() + "\nH2 links:\n" + hostSide.output());
  }
}
