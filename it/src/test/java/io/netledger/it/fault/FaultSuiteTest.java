package io.netledger.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.Encryption;
import io.netledger.cli.Main;
import io.netledger.devcluster.DevCluster;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Shell;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on a three-broker cluster (RF 3, min ISR 2), one world for every scenario: the seed
 * containers (rocketchat on H1, mongo and hubot on H2) with their agents, and a churn of
 * container starts and stops on a host HB while each fault happens. After each: every event the
 * publisher acknowledged is in the allocator's decision order exactly once, no address is held by
 * two live containers, {@code audit verify} exits 0. Each scenario prints its figures as
 * {@code [fault] ...} lines.
 *
 * <p>Run: {@code mvn -B -o -pl it -am verify -Dtest=FaultSuiteTest -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dnetledger.fault.cut=30} and {@code -Dnetledger.fault.outage=30} set the cut-off and the
 * outage in seconds; a 60 s outage once left a new container without an address 60 s after the
 * brokers were back, under load: the suite runs 30 s until that is understood).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {
  static final String DECISION_ORDER = "netledger-allocator-allocator-decision-order-repartition";
  static final long CUT_SECONDS = Long.getLong("netledger.fault.cut", 30);
  static final long OUTAGE_SECONDS = Long.getLong("netledger.fault.outage", 30);
  static PacketWorld world;
  static EventPublisher publisher;
  static Admin admin;
  static FaultLog log;
  static long suiteStart;
  static String rocketchat;
  static String hubot;

  @BeforeAll
  static void buildTheWorld() throws Exception {
    assumeTrue(Shell.canBuildNamespaces(), "needs root and iproute2 to build network namespaces");
    suiteStart = System.nanoTime();
    world = PacketWorld.start(SharedCluster.dataDir("fault-"), List.of("H1", "H2"),
        line -> System.out.println("[world] " + line), 3);
    DevCluster cluster = world.cluster();
    publisher = EventPublisher.create(PublisherConfig.of(cluster.bootstrapServers(), cluster.registryUrl(),
        "fault-suite").withTimeout(Duration.ofSeconds(30)));
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    admin = Admin.create(p);
    log = new FaultLog(cluster.bootstrapServers(), cluster.registryUrl());
    world.publish(SeedScenario.network(Encryption.NONE));
    world.publish(SeedScenario.host("HB", world.world().underlayIp(9)));
    // The first start waits for the whole cold pipeline (group joins, the first transactions,
    // internal topics created with 3 replicas): minutes on a machine loaded by parallel builds.
    Duration wait = Duration.ofSeconds(300);
    rocketchat = world.startContainer(SeedScenario.container("rocketchat", "H1"), wait);
    world.startContainer(SeedScenario.container("mongo", "H2"), wait);
    hubot = world.startContainer(SeedScenario.container("hubot", "H2"), wait);
    System.out.printf("[fault] world with 3 brokers up in %.1f s%n", since(suiteStart));
  }

  @AfterAll
  static void tearDown() {
    if (admin != null) {
      admin.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (world != null) {
      world.close();
    }
    System.out.printf("[fault] suite wall time %.1f s%n", since(suiteStart));
    assertEquals(List.of(), NetnsWorld.leftovers());
  }

  static double since(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  static boolean sleep(long ms) throws InterruptedException {
    Thread.sleep(ms);
    return true;
  }

  static Shell.Result in(String container, String... command) {
    return Shell.inNetns(NetnsWorld.containerNs(container), 60, command);
  }

  /** The broker id leading partition 0 of {@code topic}. */
  static int leaderOf(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
        .partitions().get(0).leader().id();
  }

  /** The invariants after a fault; returns the count for the figures. */
  static FaultLog.Count assertNothingLostOrDoubled(String scenario, Burst burst) throws Exception {
    FaultLog.Count c = log.awaitDecided(burst.acknowledged, Duration.ofSeconds(90));
    List<String> dups = log.duplicateLiveAddresses();
    // The views (allocations, DNS, host-state) follow the decision order by one or two EOS
    // commits, the mesh's a hop later: verify compares them with a replay, so until they have
    // settled it names the keys still in flight. Retried until they agree (or 90 s).
    long settle = System.nanoTime();
    int verify;
    int attempts = 0;
    do {
      attempts++;
      verify = Main.commandLine().execute("audit", "verify", "--bootstrap", world.cluster().bootstrapServers(),
          "--registry", world.cluster().registryUrl(), "--timeout", "30s");
    } while (verify != 0 && since(settle) < 90 && sleep(2000));
    System.out.printf("[fault] %s: %s; publishes failed %d; duplicate live addresses %d; audit verify exit %d"
        + " (views settled after %.1f s, %d attempt(s))%n",
        scenario, c, burst.failed.get(), dups.size(), verify, since(settle), attempts);
    assertEquals(0, c.missing(), scenario + ": acknowledged but not decided: " + c);
    assertEquals(0, c.duplicated(), scenario + ": decided twice: " + c);
    assertEquals(List.of(), dups, scenario + ": addresses held twice");
    assertEquals(0, verify, scenario + ": audit verify");
    world.checkAlive();
    return c;
  }

  /** Waits until the burst acknowledges again after {@code from}; returns the seconds it took. */
  static double resumed(Burst burst, long from, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (burst.lastAck.get() < from && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return burst.lastAck.get() < from ? Double.NaN : (burst.lastAck.get() - from) / 1e9;
  }

  @Test
  @Order(1)
  void killTheDecisionOrderLeaderDuringABurst() throws Exception {
    long t0 = System.nanoTime();
    int leader = leaderOf(DECISION_ORDER);
    int containersLeader = leaderOf(Topics.CONTAINERS.name());
    Burst burst = new Burst(publisher, "kill", "HB");
    Thread.sleep(2000);
    long killed = System.nanoTime();
    world.cluster().killBroker(leader);
    int before = burst.acknowledged.size();
    double resume = resumed(burst, System.nanoTime(), Duration.ofSeconds(60));
    Thread.sleep(4000);
    burst.close();
    System.out.printf("[fault] kill -9 broker %d (leader of the decision order; containers/0 led by %d):"
        + " %d acknowledged before, publishing resumed %.2f s after the kill%n", leader, containersLeader, before, resume);
    world.cluster().restartBroker(leader);
    System.out.printf("[fault] broker %d back after %.1f s%n", leader, since(killed));
    assertNothingLostOrDoubled("kill the leader", burst);
    System.out.printf("[fault] kill the leader: %.1f s%n", since(t0));
  }

  @Test
  @Order(2)
  void cutABrokerOffTheUnderlay() throws Exception {
    long t0 = System.nanoTime();
    int leader = leaderOf(Topics.CONTAINERS.name());
    String cpHost = "k" + leader;
    Burst burst = new Burst(publisher, "cut", "HB");
    Thread.sleep(2000);
    world.world().setControlPlaneLink(cpHost, false);
    long cut = System.nanoTime();
    double resume = resumed(burst, System.nanoTime(), Duration.ofSeconds(CUT_SECONDS + 30));
    long left = CUT_SECONDS * 1000 - (System.nanoTime() - cut) / 1_000_000;
    if (left > 0) {
      Thread.sleep(left);
    }
    world.world().setControlPlaneLink(cpHost, true);
    Thread.sleep(3000);
    burst.close();
    System.out.printf("[fault] broker %d cut off for %d s: publishing resumed %.2f s after the cut%n", leader,
        CUT_SECONDS, resume);
    assertNothingLostOrDoubled("cut a broker off", burst);
    System.out.printf("[fault] cut a broker off: %.1f s%n", since(t0));
  }

  @Test
  @Order(3)
  void killTheAllocatorMidTransaction() throws Exception {
    long t0 = System.nanoTime();
    Burst burst = new Burst(publisher, "eos", "HB");
    Thread.sleep(2000);
    world.killApp("allocator");
    int before = burst.acknowledged.size();
    long restarted = System.nanoTime();
    world.startApp("allocator");
    Thread.sleep(3000);
    burst.close();
    FaultLog.Count c = log.awaitDecided(burst.acknowledged, Duration.ofSeconds(120));
    System.out.printf("[fault] allocator kill -9 with %d acknowledged; every input decided %.1f s after its restart%n",
        before, since(restarted));
    assertTrue(c.missing() == 0, c.toString());
    assertNothingLostOrDoubled("kill the allocator", burst);
    System.out.printf("[fault] kill the allocator: %.1f s%n", since(t0));
  }

  @Test
  @Order(4)
  void stopAllBrokersTheDataPlaneKeepsForwardingAndAllResume() throws Exception {
    long t0 = System.nanoTime();
    DevCluster cluster = world.cluster();
    // One ping every 200 ms across hosts for the whole outage.
    long pings = OUTAGE_SECONDS * 5;
    CompletableFuture<Shell.Result> ping = CompletableFuture.supplyAsync(() -> Shell.inNetns(
        NetnsWorld.containerNs("mongo"), OUTAGE_SECONDS + 60, "ping", "-c", String.valueOf(pings), "-i", "0.2",
        "-W", "1", rocketchat));
    List<Thread> stops = new ArrayList<>();
    for (var b : cluster.brokers()) {
      Thread t = new Thread(() -> cluster.stopBroker(b.node().id()));
      t.start();
      stops.add(t);
    }
    for (Thread t : stops) {
      t.join();
    }
    long down = System.nanoTime();
    System.out.printf("[fault] all brokers stopped in %.1f s%n", since(t0));
    Thread.sleep(Math.min(5000, OUTAGE_SECONDS * 1000 / 3));
    Shell.Result dig = in("mongo", "dig", "+short", "+time=2", "+tries=1", "@169.254.169.250",
        "hubot.rocket-chat.rancher.internal");
    assertEquals(hubot, dig.output().strip(), "DNS answers during the outage: " + dig.output());
    // An agent killed during the outage restarts with no broker and keeps the kernel as it is.
    world.killAgent("H1");
    world.startAgent("H1");
    Thread.sleep(3000);
    world.checkAlive();
    long left = OUTAGE_SECONDS * 1000 - (System.nanoTime() - down) / 1_000_000;
    if (left > 0) {
      Thread.sleep(left);
    }
    world.checkAlive();
    Shell.Result pinged = ping.get(OUTAGE_SECONDS + 90, TimeUnit.SECONDS);
    String loss = pinged.output().lines().filter(l -> l.contains("packet loss")).findFirst().orElse(pinged.output());
    System.out.printf("[fault] all brokers down %d s: ping mongo -> rocketchat: %s; dig answered; agent H1 restarted"
        + " without a broker%n", OUTAGE_SECONDS, loss.strip());
    assertTrue(loss.contains(" 0% packet loss"), loss);

    long back = System.nanoTime();
    List<Thread> starts = new ArrayList<>();
    for (var b : cluster.brokers()) {
      Thread t = new Thread(() -> cluster.restartBroker(b.node().id()));
      t.start();
      starts.add(t);
    }
    for (Thread t : starts) {
      t.join();
    }
    System.out.printf("[fault] brokers back in %.1f s%n", since(back));
    long asked = System.nanoTime();
    String late = world.startContainer(SeedScenario.container("late", "H1"), Duration.ofSeconds(120));
    System.out.printf("[fault] after the outage a new container got %s %.1f s after the brokers were back%n", late,
        since(asked));
    assertTrue(in("late", "ping", "-c2", "-i0.2", "-W2", hubot).ok(), "the new container reaches hubot across hosts");
    world.checkAlive();
    System.out.printf("[fault] stop all brokers: %.1f s%n", since(t0));
  }
}
