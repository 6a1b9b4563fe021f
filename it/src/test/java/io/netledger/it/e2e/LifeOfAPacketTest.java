package io.netledger.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.Encryption;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Shell;
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
    // On a secure cluster, as the demo: every process its own principal (issue 13).
    world = PacketWorld.start(SharedCluster.dataDir("e2e-"), List.of("H1", "H2"),
        line -> System.out.println("[world] " + line), 1, false, true);
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
  void resolvConfPointsAtTheAgentWithTheSearchList() {
    for (String c : List.of("rocketchat", "mongo", "hubot")) {
      assertTrue(eventually(Duration.ofSeconds(20), () -> in(c, "cat", "/etc/resolv.conf").output()
          .contains("nameserver 169.254.169.250")), c + ": " + in(c, "cat", "/etc/resolv.conf").output());
      String conf = in(c, "cat", "/etc/resolv.conf").output();
      assertTrue(conf.contains("search rocket-chat.rancher.internal rancher.internal"), conf);
    }
  }

  @Test
  @Order(3)
  void pingHubotByNameFromMongo() {
    Shell.Result ping = in("mongo", "ping", "-c3", "-i0.2", "-W2", "hubot");
    System.out.println("$ ping -c3 hubot\n" + ping.output());
    assertTrue(ping.ok(), ping.output());
    assertTrue(ping.output().startsWith("PING hubot.rocket-chat.rancher.internal (" + hubot + ")"), ping.output());
    Shell.Result dig = in("mongo", "dig", "+short", "@169.254.169.250", "rocketchat.rocket-chat.rancher.internal");
    assertEquals(rocketchat, dig.output().strip(), dig.output());
    Shell.Result byName = in("mongo", "dig", "+short", "@169.254.169.250", "mongo.rancher.internal");
    assertEquals(mongo, byName.output().strip(), byName.output());
  }

  @Test
  @Order(4)
  void metadataAnswersByTheAskingContainersAddress() {
    Shell.Result http = in("mongo", "bash", "-c", "exec 3<>/dev/tcp/169.254.169.250/80;"
        + " printf 'GET /latest/self/container HTTP/1.0\\r\\nHost: 169.254.169.250\\r\\n\\r\\n' >&3; cat <&3");
    assertTrue(http.output().contains("200"), http.output());
    assertTrue(http.output().contains("\"c-mongo\"") && http.output().contains(mongo), http.output());
  }

  @Test
  @Order(5)
  void crossHostPingWorks() {
    Shell.Result ping = in("mongo", "ping", "-c3", "-i0.2", "-W2", "rocketchat");
    assertTrue(ping.ok(), ping.output());
    assertTrue(ping.output().contains("(" + rocketchat + ")"), ping.output());
    Shell.Result back = in("rocketchat", "ping", "-c2", "-i0.2", "-W2", mongo);
    assertTrue(back.ok(), back.output());
  }

  /**
   * Many distributions turn strict reverse-path filtering on. Every rule and route the agent
   * makes keeps the reverse path on the interface a packet came in on, so the data path needs no
   * exception: from here on, every step runs with rp_filter=1 on every device of both hosts
   * (including the veths made later, through "default").
   */
  @Test
  @Order(6)
  void strictReversePathFilteringChangesNothing() {
    for (String h : List.of("H1", "H2")) {
      String ns = NetnsWorld.hostNs(h);
      List<String> devices = new java.util.ArrayList<>(List.of("all", "default"));
      Shell.run("ip", "-n", ns, "-o", "link", "show").output().lines()
          .map(l -> l.split(": ")[1].split("@")[0]).forEach(devices::add);
      for (String d : devices) {
        Shell.inNetns(ns, 10, "sysctl", "-qw", "net.ipv4.conf." + d + ".rp_filter=1").orThrow();
      }
    }
    assertTrue(in("mongo", "ping", "-c2", "-i0.2", "-W2", "rocketchat").ok(), "cross host");
    assertTrue(in("rocketchat", "ping", "-c2", "-i0.2", "-W2", mongo).ok(), "and back");
    assertTrue(in("mongo", "ping", "-c2", "-i0.2", "-W2", "hubot").ok(), "same host");
    Shell.Result dig = in("mongo", "dig", "+short", "+time=2", "+tries=1", "rocketchat.rocket-chat.rancher.internal");
    assertTrue(dig.output().contains(rocketchat), "DNS from the agent: " + dig.output());
  }

  @Test
  @Order(7)
  void arpShowsTheHostSideMacForRemoteAddresses() {
    in("mongo", "ping", "-c1", "-W2", rocketchat);
    Shell.Result neigh = in("mongo", "ip", "neigh", "show", "dev", "eth0");
    Shell.Result hostSide = Shell.inNetns(NetnsWorld.hostNs("H2"), 10, "ip", "-o", "link", "show");
    assertTrue(neigh.ok(), neigh.output());
    assertNotEquals("", neigh.output().strip(), "mongo's neighbour table is empty");
    String hostVethMacs = hostSide.output();
    String remoteEntry = neigh.output().lines().filter(l -> l.startsWith(rocketchat + " ")).findFirst().orElseThrow();
    String mac = remoteEntry.replaceAll(".*lladdr (\\S+).*", "$1");
    assertTrue(hostVethMacs.contains(mac), "the remote address resolves to a host-side MAC (" + mac + "): "
        + hostVethMacs);
    System.out.println("$ ip netns exec nlc-mongo ip neigh\n" + neigh.output());
  }

  @Test
  @Order(8)
  void tracerouteCrossesToTheOtherHost() {
    Shell.Result trace = in("mongo", "traceroute", "-n", "-w1", "-q1", "-m6", rocketchat);
    System.out.println("$ traceroute rocketchat\n" + trace.output());
    assertTrue(trace.ok(), trace.output());
    List<String> hops = trace.output().lines().skip(1).toList();
    assertTrue(hops.get(hops.size() - 1).contains(rocketchat), "ends at rocketchat: " + trace.output());
    assertTrue(hops.size() >= 2, "crosses at least one host: " + trace.output());
    // As in the walkthrough: the remote host answers from its tunnel address (the agent's
    // address on the overlay), one hop before the container.
    String h1Tunnel = Shell.run("ip", "-n", NetnsWorld.hostNs("H1"), "-4", "-o", "addr", "show", "dev", "nlx4242").output()
        .lines().map(l -> l.replaceAll(".* inet ([0-9.]+)/.*", "$1")).filter(a -> !a.equals("169.254.169.250"))
        .findFirst().orElseThrow();
    assertTrue(hops.get(hops.size() - 2).contains(h1Tunnel), "the hop before is H1's tunnel address " + h1Tunnel + ": "
        + trace.output());
  }

  @Test
  @Order(9)
  void anotherNetworkCannotReachOrBeReached() {
    world.publish(io.netledger.avro.NetworkCreated.newBuilder().setNetworkId("other").setName("other")
        .setCidr("10.43.0.0/16").setVni(4343).setDnsDomain("other.internal").setEncryption(Encryption.NONE).build());
    io.netledger.avro.ContainerStarted intruder = io.netledger.avro.ContainerStarted.newBuilder()
        .setContainerId("c-intruder").setName("intruder").setHostId("H1").setNetworkId("other")
        .setNetns(NetnsWorld.containerNs("intruder")).build();
    String ip = world.startContainer(intruder, Duration.ofSeconds(60));
    assertTrue(ip.startsWith("10.43."), ip);
    for (String target : List.of(rocketchat, mongo)) {
      Shell.Result ping = in("intruder", "ping", "-c1", "-W1", target);
      assertTrue(!ping.ok(), "intruder reached " + target + ": " + ping.output());
    }
    for (String name : List.of("hubot.rocket-chat.rancher.internal", "mongo.rancher.internal")) {
      Shell.Result dig = in("intruder", "dig", "@169.254.169.250", name);
      assertTrue(dig.output().contains("status: NXDOMAIN"), "intruder resolved " + name + ": " + dig.output());
    }
    Shell.Result own = in("intruder", "dig", "+short", "@169.254.169.250", "intruder.other.internal");
    assertEquals(ip, own.output().strip(), own.output());
    for (String from : List.of("rocketchat", "mongo")) {
      Shell.Result ping = in(from, "ping", "-c1", "-W1", ip);
      assertTrue(!ping.ok(), from + " reached the other network: " + ping.output());
    }
  }

  /** A TCP server in {@code ns} on {@code ip:port} answering each connection with the peer's address. */
  static Process peerEcho(String ns, String ip, int port) throws java.io.IOException {
    Process p = new ProcessBuilder("ip", "netns", "exec", ns, "socat", "TCP-LISTEN:" + port + ",bind=" + ip
        + ",reuseaddr,fork", "SYSTEM:echo peer=$SOCAT_PEERADDR").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    servers.add(p);
    return p;
  }

  /** What a TCP connection from {@code ns} to {@code ip:port} reads within 3 s ("" when it gets nowhere). */
  static String fetch(String ns, String ip, int port) {
    return Shell.inNetns(ns, 10, "timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/" + ip + "/" + port + "; cat <&3")
        .output().strip();
  }

  static final List<Process> servers = new java.util.ArrayList<>();
  static String outside;

  @AfterAll
  static void stopServers() {
    servers.forEach(Process::destroyForcibly);
  }

  @Test
  @Order(10)
  void mongoReachesTheOutsideWithH2sUnderlayAddressAsSource() throws Exception {
    outside = world.world().addOutside();
    peerEcho(NetnsWorld.OUTSIDE_NS, outside, 8080);
    String h2 = world.world().hosts().get("H2");
    assertTrue(eventually(Duration.ofSeconds(10), () -> fetch(NetnsWorld.containerNs("mongo"), outside, 8080)
        .equals("peer=" + h2)), "mongo -> outside: " + fetch(NetnsWorld.containerNs("mongo"), outside, 8080));
    assertTrue(in("mongo", "ping", "-c1", "-W2", outside).ok(), "ping out too");
    assertEquals("peer=" + world.world().hosts().get("H1"), fetch(NetnsWorld.containerNs("rocketchat"), outside, 8080),
        "rocketchat leaves with H1's address");
    assertEquals("peer=" + world.world().hosts().get("H1"), fetch(NetnsWorld.containerNs("intruder"), outside, 8080),
        "the other network has egress too");
  }

  @Test
  @Order(11)
  void egressIsNoWayIntoAnotherNetworkNorIntoTheHostsOwnServices() throws Exception {
    String h1 = world.world().hosts().get("H1");
    peerEcho(NetnsWorld.hostNs("H1"), h1, 8081);
    assertTrue(eventually(Duration.ofSeconds(5), () -> fetch(NetnsWorld.OUTSIDE_NS, h1, 8081).equals("peer=" + outside)),
        "the host's service answers the outside: " + fetch(NetnsWorld.OUTSIDE_NS, h1, 8081));
    for (String c : List.of("intruder", "rocketchat")) {
      String got = fetch(NetnsWorld.containerNs(c), h1, 8081);
      assertFalse(got.contains("peer="), c + " reached a service of its own host: " + got);
    }
    String h1Managed = Shell.run(List.of("ip", "-n", NetnsWorld.hostNs("H1"),
        "-4", "-o", "addr", "show", "dev", "nlx4242"), 10).output().lines()
        .map(l -> l.replaceAll(".* inet ([0-9.]+)/.*", "$1")).filter(a -> !a.equals("169.254.169.250")).findFirst()
        .orElseThrow();
    assertTrue(in("rocketchat", "ping", "-c1", "-W1", h1Managed).ok(), "a container pings its own gateway");
    assertTrue(!in("intruder", "ping", "-c1", "-W1", h1Managed).ok(), "but not another network's");
    peerEcho(NetnsWorld.containerNs("rocketchat"), rocketchat, 8080);
    assertTrue(eventually(Duration.ofSeconds(5), () -> fetch(NetnsWorld.containerNs("mongo"), rocketchat, 8080)
        .equals("peer=" + mongo)), "the overlay still carries TCP: " + fetch(NetnsWorld.containerNs("mongo"), rocketchat, 8080));
    for (String target : List.of(rocketchat, mongo)) {
      assertTrue(!in("intruder", "ping", "-c1", "-W1", target).ok(), "intruder reached " + target + " with egress on");
    }
    assertFalse(fetch(NetnsWorld.containerNs("intruder"), rocketchat, 8080).contains("peer="), "intruder connected to rocketchat");
    // Even a machine on the underlay that routes the pool via H1 gets nowhere: nothing is published.
    Shell.inNetns(NetnsWorld.OUTSIDE_NS, 10, "ip", "route", "add", "10.42.0.0/16", "via", h1).orThrow();
    assertTrue(!Shell.inNetns(NetnsWorld.OUTSIDE_NS, 10, "ping", "-c1", "-W1", rocketchat).ok(),
        "the underlay has no way into a network");
    assertFalse(fetch(NetnsWorld.OUTSIDE_NS, rocketchat, 8080).contains("peer="), "the underlay connected to rocketchat");
    Shell.inNetns(NetnsWorld.OUTSIDE_NS, 10, "ip", "route", "del", "10.42.0.0/16").orThrow();
  }

  @Test
  @Order(12)
  void theNftablesTableIsRepairedWithinTheResyncIntervalAndForeignTablesStayUntouched() {
    String ns = NetnsWorld.hostNs("H2");
    Shell.inNetns(ns, 10, "nft", "add table inet foreign; add chain inet foreign c { type filter hook input priority 10; };"
        + " add rule inet foreign c tcp dport 2222 accept").orThrow();
    String ours = Shell.inNetns(ns, 10, "nft", "list", "table", "inet", "netledger").output();
    assertTrue(ours.contains("masquerade"), ours);
    Shell.inNetns(ns, 10, "nft", "flush", "chain", "inet", "netledger", "postrouting").orThrow();
    assertTrue(!Shell.inNetns(ns, 10, "nft", "list", "table", "inet", "netledger").output().contains("masquerade"));
    assertTrue(eventually(Duration.ofSeconds(20), () -> Shell.inNetns(ns, 10, "nft", "list", "table", "inet", "netledger")
        .output().contains("masquerade")), "the agent rewrote its table");
    assertEquals("peer=" + world.world().hosts().get("H2"), fetch(NetnsWorld.containerNs("mongo"), outside, 8080));
    String foreign = Shell.inNetns(ns, 10, "nft", "list", "table", "inet", "foreign").output();
    assertTrue(foreign.contains("tcp dport 2222 accept"), "foreign table untouched: " + foreign);
  }

  @Test
  @Order(13)
  void rocketchatsPublishedPortIsReachedAtH1sUnderlayAddressAndASecondHolderIsRefused() throws Exception {
    String h1 = world.world().hosts().get("H1");
    int port = SeedScenario.ROCKETCHAT_PORT;
    peerEcho(NetnsWorld.containerNs("rocketchat"), rocketchat, port);
    assertTrue(eventually(Duration.ofSeconds(20), () -> fetch(NetnsWorld.OUTSIDE_NS, h1, port).equals("peer=" + outside)),
        "outside -> " + h1 + ":" + port + ": " + fetch(NetnsWorld.OUTSIDE_NS, h1, port));
    assertEquals("peer=" + h1, fetch(NetnsWorld.hostNs("H1"), h1, port), "from H1 itself (nat output)");
    assertFalse(fetch(NetnsWorld.OUTSIDE_NS, world.world().hosts().get("H2"), port).contains("peer="),
        "published on H1 only");
    String ours = Shell.inNetns(NetnsWorld.hostNs("H1"), 10, "nft", "list", "table", "inet", "netledger").output();
    assertTrue(ours.contains("dnat ip to " + rocketchat + ":" + port), ours);

    world.publish(io.netledger.avro.ContainerStarted.newBuilder(SeedScenario.container("rocketchat", "H1"))
        .setContainerId("c-squatter").setName("squatter").setService(null).setStack(null)
        .setNetns(NetnsWorld.containerNs("squatter")).build());
    assertTrue(eventually(Duration.ofSeconds(20), () -> {
      io.netledger.avro.Allocation a = latest(io.netledger.events.topic.Topics.ALLOCATIONS, "c-squatter");
      return a != null && a.getState() == io.netledger.avro.AllocationState.FAILED;
    }), "the second start on H1:" + port + " fails");
    io.netledger.avro.Allocation refused = latest(io.netledger.events.topic.Topics.ALLOCATIONS, "c-squatter");
    assertTrue(refused.getReason().startsWith("PORT_IN_USE") && refused.getReason().contains("c-rocketchat"),
        refused.getReason());
    assertEquals("peer=" + outside, fetch(NetnsWorld.OUTSIDE_NS, h1, port), "the holder keeps its port");
  }

  /** The latest value of {@code key} on {@code topic} (null when absent or tombstoned). */
  static <V extends org.apache.avro.specific.SpecificRecord> V latest(io.netledger.events.topic.Topic<V> topic, String key) {
    java.util.concurrent.atomic.AtomicReference<Object> last = new java.util.concurrent.atomic.AtomicReference<>();
    io.netledger.devcluster.demo.LogReader.readAll(world.cluster().bootstrapServers(),
        world.cluster().operatorTls().orElseThrow(), world.cluster().registryUrl(), List.of(topic), (t, p, o, k, v) -> {
          if (key.equals(k)) {
            last.set(v);
          }
        });
    return topic.valueType().cast(last.get());
  }

  static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  @Test
  @Order(20)
  void scaleHubotToTwoThenStopOneReleasesItsAddress() {
    io.netledger.avro.ContainerStarted second = io.netledger.avro.ContainerStarted.newBuilder(
        SeedScenario.container("hubot", "H1")).setContainerId("c-hubot-2").setName("hubot-2")
        .setNetns(NetnsWorld.containerNs("hubot-2")).build();
    String hubot2 = world.startContainer(second, Duration.ofSeconds(60));
    assertTrue(in("mongo", "ping", "-c1", "-W2", hubot2).ok());
    io.netledger.avro.DnsRecord service = latest(io.netledger.events.topic.Topics.DNS_RECORDS,
        "managed/hubot.rocket-chat.rancher.internal");
    assertEquals(java.util.Set.of(hubot, hubot2), java.util.Set.copyOf(service.getAddresses()));
    assertTrue(eventually(Duration.ofSeconds(20), () -> java.util.Set.copyOf(in("mongo", "dig", "+short",
        "hubot.rocket-chat.rancher.internal").output().strip().lines().toList()).equals(java.util.Set.of(hubot, hubot2))),
        in("mongo", "dig", "+short", "hubot.rocket-chat.rancher.internal").output());

    world.publish(io.netledger.avro.ContainerStopped.newBuilder().setContainerId("c-hubot-2").build());
    assertTrue(eventually(Duration.ofSeconds(30), () -> !in("mongo", "ping", "-c1", "-W1", hubot2).ok()),
        "the stopped container's address still answers");
    io.netledger.avro.Allocation released = latest(io.netledger.events.topic.Topics.ALLOCATIONS, "c-hubot-2");
    assertEquals(io.netledger.avro.AllocationState.RELEASED, released.getState());
    assertEquals(List.of(hubot), latest(io.netledger.events.topic.Topics.DNS_RECORDS,
        "managed/hubot.rocket-chat.rancher.internal").getAddresses());
    assertTrue(eventually(Duration.ofSeconds(20), () -> in("mongo", "dig", "+short",
        "hubot.rocket-chat.rancher.internal").output().strip().equals(hubot)));
  }

  @Test
  @Order(21)
  void timeFromContainerStartedToAnsweringPingFromAnotherHost() {
    List<Long> millis = world.startToPing("H2", "managed", "rocketchat", 5);
    System.out.printf("ContainerStarted -> ping from another host: median %d ms, worst %d ms (%s)%n",
        millis.get(millis.size() / 2), millis.get(millis.size() - 1), millis);
  }

  static String ownedState(String hostId) {
    String ns = NetnsWorld.hostNs(hostId);
    return Shell.inNetns(ns, 10, "ip", "-o", "link", "show").output()
        .lines().map(l -> l.replaceAll("state \\S+ .*", "")).reduce("", (a, b) -> a + b + "\n")
        + Shell.inNetns(ns, 10, "ip", "route", "show", "table", "all", "proto", "211").output()
        + Shell.inNetns(ns, 10, "ip", "rule", "show").output();
  }

  @Test
  @Order(22)
  void anOwnedRouteDeletedByHandIsRestoredWithinTheResyncInterval() {
    String table = Integer.toString(100000 + 4242);
    Shell.Result del = Shell.inNetns(NetnsWorld.hostNs("H2"), 10, "ip", "route", "del", "10.42.0.0/26", "table", table);
    assertTrue(del.ok(), del.output());
    long t0 = System.nanoTime();
    assertTrue(eventually(Duration.ofSeconds(15), () -> Shell.inNetns(NetnsWorld.hostNs("H2"), 10, "ip", "route",
        "show", "table", table).output().contains("10.42.0.0/26")), "route not restored");
    System.out.printf("hand-deleted route restored after %d ms (resync interval 5 s)%n", (System.nanoTime() - t0) / 1_000_000);
    assertTrue(in("mongo", "ping", "-c1", "-W2", rocketchat).ok());
  }

  @Test
  @Order(23)
  void restartingAnAgentChangesNothingAndTrafficKeepsFlowing() throws Exception {
    String before = ownedState("H1");
    world.stopAgent("H1");
    assertTrue(in("mongo", "ping", "-c2", "-i0.2", "-W2", rocketchat).ok(), "traffic stops with the agent");
    world.startAgent("H1");
    Thread.sleep(8000); // caught up and one resync (5 s) later
    assertTrue(in("mongo", "ping", "-c2", "-i0.2", "-W2", rocketchat).ok());
    assertEquals(before, ownedState("H1"), "the restarted agent changed the kernel");
  }

  @Test
  @Order(24)
  void aNetworkDeletedWithLiveContainersIsRefusedTrafficKeepsFlowingAndTheViewsAgree() throws Exception {
    int table = 100000 + 4242;
    world.publish(io.netledger.avro.NetworkDeleted.newBuilder().setNetworkId("managed").build());
    assertTrue(eventually(Duration.ofSeconds(30), () -> {
      io.netledger.avro.Rejection r = latest(io.netledger.events.topic.Topics.REJECTED, "managed");
      return r != null && r.getReason() == io.netledger.avro.RejectionReason.NETWORK_IN_USE;
    }), "the allocator refuses the NetworkDeleted");
    Thread.sleep(3000); // what the mesh would have done by now, it did
    for (String h : List.of("H1", "H2")) {
      assertTrue(latest(io.netledger.events.topic.Topics.HOST_STATE, h + "/network/managed") != null,
          h + "'s network slice survives the refused delete");
      assertTrue(Shell.inNetns(NetnsWorld.hostNs(h), 10, "ip", "route", "show", "table", Integer.toString(table))
          .output().contains("10.42.0."), h + " keeps its routes");
    }
    assertTrue(in("mongo", "ping", "-c2", "-i0.2", "-W2", rocketchat).ok(), "traffic keeps flowing");
    assertTrue(in("mongo", "ping", "-c1", "-W2", "hubot").ok(), "and names resolve");
    io.netledger.audit.Verifier.Result v = io.netledger.audit.Verifier.verify(new io.netledger.audit.LogSource(
        world.cluster().bootstrapServers(), world.cluster().registryUrl(), Duration.ofSeconds(15), "netledger-allocator",
        world.cluster().tlsDir(io.netledger.events.security.AclPlan.AUDIT.kafkaUser()).orElseThrow()),
        io.netledger.allocator.ipam.AllocatorConfig.DEFAULT, true, io.netledger.audit.Progress.quiet());
    assertEquals(List.of(), v.differences(), "audit verify: views equal the log and each other");
  }

  @Test
  @Order(25)
  void removingHostH2ReleasesItsAddressesAndH1StopsRoutingToIt() {
    int table = 100000 + 4242;
    Shell.Result before = Shell.inNetns(NetnsWorld.hostNs("H1"), 10, "ip", "route", "show", "table",
        Integer.toString(table));
    assertTrue(before.output().contains("10.42.0.64/26"), "H1 routes H2's block before: " + before.output());
    world.publish(io.netledger.avro.HostRemoved.newBuilder().setHostId("H2").build());
    assertTrue(eventually(Duration.ofSeconds(30), () -> !Shell.inNetns(NetnsWorld.hostNs("H1"), 10, "ip", "route",
        "show", "table", Integer.toString(table)).output().contains("10.42.0.64/26")),
        "H1 still routes to H2's block");
    assertTrue(eventually(Duration.ofSeconds(30), () -> {
      io.netledger.avro.Allocation a = latest(io.netledger.events.topic.Topics.ALLOCATIONS, "c-mongo");
      return a == null || a.getState() == io.netledger.avro.AllocationState.RELEASED;
    }), "mongo's address is released");
    Shell.Result neigh = Shell.inNetns(NetnsWorld.hostNs("H1"), 10, "ip", "neigh", "show", "dev", "nlx4242");
    assertTrue(!neigh.output().contains("10.42.0.64"), "H1 forgot H2's VTEP: " + neigh.output());
    assertTrue(!in("rocketchat", "ping", "-c1", "-W1", mongo).ok());
  }

  /**
   * The agent's memory budget, 128 MB resident (issue 17; ovn-controller is 83-289 MB), after the
   * whole life above. The figure is printed; the test fails above {@link #AGENT_RSS_GUARD_MB}, so
   * that a regression fails the suite while a few MB of run-to-run noise at the budget's edge
   * (119-128 MB measured on the secure cluster) do not.
   */
  static final long AGENT_RSS_GUARD_MB = 136;

  @Test
  @Order(26)
  void everyAgentStaysWithinItsMemoryBudget() {
    java.util.Map<String, Long> rss = world.residentMegabytes();
    System.out.println("[rss] resident MB after the life of a packet: " + rss);
    rss.forEach((name, mb) -> {
      if (name.startsWith("agent-")) {
        assertTrue(mb <= AGENT_RSS_GUARD_MB, name + " holds " + mb + " MB resident; the budget is 128 MB");
      }
    });
  }
}
