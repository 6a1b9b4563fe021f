package io.netledger.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.cli.command.UiCommand;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Shell;
import io.netledger.it.support.SharedCluster;
import io.netledger.ui.server.UiConfig;
import io.netledger.ui.server.UiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The Infrastructure page in a real browser (headless Debian Chromium) on the seed world: two host
 * namespaces with agents, the stream apps, the walkthrough's three containers. The page is read
 * as a person would: which container is under which host card, with which address.
 * Screenshots stay in {@code it/target/ui/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructurePageTest {
  static final Path SHOTS = Path.of("target", "ui");
  static PacketWorld world;
  static UiServer ui;
  static Browser browser;
  static final Map<String, String> ips = new LinkedHashMap<>();

  @BeforeAll
  static void seedWorldAndPage() {
    assumeTrue(Shell.canBuildNamespaces(), "needs root and iproute2 to build network namespaces");
    assertNull(Browser.missing());
    world = PacketWorld.start(SharedCluster.dataDir("ui-"), List.of("H1", "H2"), line -> System.out.println("[world] " + line));
    world.publish(SeedScenario.network(Encryption.NONE));
    for (Map.Entry<String, String> c : Map.of("rocketchat", "H1", "mongo", "H2", "hubot", "H2").entrySet()) {
      ips.put(c.getKey(), world.startContainer(SeedScenario.container(c.getKey(), c.getValue()), Duration.ofSeconds(60)));
    }
    ui = UiCommand.start(UiConfig.loopback(0), new ClusterInfo(world.cluster().bootstrapServers(), world.cluster().registryUrl()),
        "netledger-allocator", Duration.ofSeconds(15));
    browser = Browser.start(1400, 1100);
  }

  @AfterAll
  static void tearDown() {
    try {
      if (browser != null) {
        browser.close();
      }
      if (ui != null) {
        ui.close();
      }
    } finally {
      if (world != null) {
        world.close();
      }
    }
  }

  /** The text of {@code cell} in the row of {@code containerId} under host {@code hostId}'s card, or null. */
  static String cell(String hostId, String containerId, String cell) {
    return (String) browser.js("const card = document.getElementById('host-' + arguments[0]);"
        + " const row = card && card.querySelector('tr[data-container=\"' + CSS.escape(arguments[1]) + '\"]');"
        + " return row ? row.querySelector('td.' + arguments[2]).textContent : null;", hostId, containerId, cell);
  }

  @Test
  @Order(1)
  void theThreeContainersAreUnderTheirHostsWithTheirAddresses() {
    browser.driver().get(ui.url());
    browser.await(Duration.ofSeconds(30), "the page is live with three containers",
        "return document.getElementById('feed').textContent === 'live'"
            + " && document.querySelectorAll('tr[data-container]').length === 3");
    Map<String, String> hostOf = Map.of("rocketchat", "H1", "mongo", "H2", "hubot", "H2");
    for (Map.Entry<String, String> c : hostOf.entrySet()) {
      String ip = browser.await(Duration.ofSeconds(10), c.getKey() + " under " + c.getValue(),
          "const row = document.querySelector('#host-' + arguments[0] + ' tr[data-container=\"c-' + arguments[1] + '\"]');"
              + " return row && row.querySelector('td.ip').textContent;", c.getValue(), c.getKey()).toString();
      assertEquals(ips.get(c.getKey()) + "/16", ip, c.getKey());
      assertEquals(c.getKey() + " / rocket-chat", cell(c.getValue(), "c-" + c.getKey(), "service"));
      assertTrue(cell(c.getValue(), "c-" + c.getKey(), "mac").matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"));
      assertTrue(cell(c.getValue(), "c-" + c.getKey(), "block").startsWith("10.42."));
    }
    String h1 = browser.driver().findElement(By.id("host-H1")).getText();
    assertTrue(h1.contains(world.world().hosts().get("H1")), "H1's card shows its underlay address: " + h1);
    assertTrue(h1.contains("agent healthy"), h1);
    String networks = browser.driver().findElement(By.id("networks")).getText();
    assertTrue(networks.contains("10.42.0.0/16") && networks.contains("VNI 4242"), networks);
    assertTrue(networks.contains("2 of 1,024 /26 blocks used"), networks);
    assertEquals(1L, browser.js("return document.querySelectorAll('#mesh line[data-edge=\"managed H1 H2\"]').length"));
    browser.screenshot(SHOTS.resolve("infrastructure-seed.png"));
  }

  @Test
  @Order(2)
  void aFourthContainerAppearsWithoutReloadWithinTwoSecondsAndLeavesWhenStopped() {
    browser.js("window.sameDocument = 'yes'");
    ContainerStarted fourth = ContainerStarted.newBuilder(SeedScenario.container("hubot", "H1")).setContainerId("c-hubot-2")
        .setName("hubot-2").setNetns(NetnsWorld.containerNs("hubot-2")).build();
    world.world().addContainer("hubot-2");
    long t0 = System.nanoTime();
    world.publish(fourth);
    browser.await(Duration.ofMillis(2000), "hubot-2 on H1's card within 2 s of its publication",
        "return document.querySelector('#host-H1 tr[data-container=\"c-hubot-2\"]') !== null");
    long shownMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("[ui] hubot-2 on screen " + shownMs + " ms after its ContainerStarted was acknowledged");
    String ip = world.awaitAddress(fourth.getNetns(), Duration.ofSeconds(30));
    assertEquals(ip + "/16", cell("H1", "c-hubot-2", "ip"), "the page shows the address the container has");
    assertEquals("yes", browser.js("return window.sameDocument"), "no reload");
    assertEquals(1L, browser.js("return performance.getEntriesByType('navigation').length"));
    browser.screenshot(SHOTS.resolve("infrastructure-four.png"));

    world.publish(ContainerStopped.newBuilder().setContainerId("c-hubot-2").build());
    browser.await(Duration.ofSeconds(5), "hubot-2 gone after its stop",
        "return document.querySelector('tr[data-container=\"c-hubot-2\"]') === null");
    assertEquals(3L, browser.js("return document.querySelectorAll('tr[data-container]').length"));
    assertEquals("yes", browser.js("return window.sameDocument"), "no reload");
  }

  @Test
  @Order(3)
  void whyShowsTheContainersAuditHistory() {
    browser.driver().findElement(By.cssSelector("#host-H2 tr[data-container='c-mongo'] a[data-why]")).click();
    Object text = browser.await(Duration.ofSeconds(30), "the history of c-mongo in the dialog",
        "const d = document.getElementById('why'); return d.open && d.querySelector('tbody tr') && d.textContent;");
    assertTrue(text.toString().contains("ContainerStarted c-mongo (mongo) on H2 in managed"), text.toString());
    assertTrue(text.toString().contains("allocations c-mongo: ALLOCATED " + ips.get("mongo") + " on H2"), text.toString());
    browser.screenshot(SHOTS.resolve("infrastructure-why.png"));
  }

  @Test
  @Order(4)
  void aRejectionShowsWithItsReason() {
    browser.js("document.getElementById('why').close()");
    world.publish(ContainerStarted.newBuilder(SeedScenario.container("ghost", "H9")).build());
    Object text = browser.await(Duration.ofSeconds(10), "the rejection of c-ghost",
        "const t = document.getElementById('rejections').textContent; return t.includes('c-ghost') && t;");
    assertTrue(text.toString().contains("UNKNOWN_HOST"), text.toString());
    browser.screenshot(SHOTS.resolve("infrastructure.png"));
  }

  @Test
  @Order(5)
  void anAgentThatFallsBehindStandsOutUntilItCatchesUp() {
    world.stopAgent("H2");
    world.world().addContainer("hubot-3");
    world.publish(ContainerStarted.newBuilder(SeedScenario.container("hubot", "H2")).setContainerId("c-hubot-3")
        .setName("hubot-3").setNetns(NetnsWorld.containerNs("hubot-3")).build());
    Object alert = browser.await(Duration.ofSeconds(20), "H2's card flagged as lagging",
        "const c = document.getElementById('host-H2'); return c.classList.contains('lagging') && c.querySelector('.alert').textContent;");
    assertTrue(alert.toString().startsWith("lagging: "), alert.toString());
    assertTrue(!browser.driver().findElement(By.id("host-H1")).getAttribute("class").contains("lagging"), "H1 is not behind");
    browser.screenshot(SHOTS.resolve("infrastructure-lagging.png"));
    world.startAgent("H2");
    world.awaitAddress(NetnsWorld.containerNs("hubot-3"), Duration.ofSeconds(60));
    browser.await(Duration.ofSeconds(20), "H2's card back to normal once its agent caught up",
        "const c = document.getElementById('host-H2'); return !c.classList.contains('lagging') && !c.classList.contains('unhealthy');");
  }
}
