package io.netledger.agent.dns;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The server on 127.0.0.1 and a free port, asked by dnsjava clients bound to 127.0.0.2 (the
 * container of {@code managed}), 127.0.0.3 (the container of {@code other}) or 127.0.0.1 (not a
 * container), and by the real {@code dig}.
 */
class DnsServerTest {
  static final String MANAGED_SRC = "127.0.0.2";
  static final String OTHER_SRC = "127.0.0.3";

  private Vertx vertx;
  private FakeUpstream upstream;
  private FakeUpstream silent;
  private SimpleMeterRegistry registry;
  private final AtomicReference<DnsView> view = new AtomicReference<>(seed(MANAGED_SRC, OTHER_SRC));

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    upstream = new FakeUpstream("192.0.2.99", false);
    silent = new FakeUpstream("192.0.2.98", true);
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    upstream.close();
    silent.close();
  }

  private DnsServer deploy(List<InetSocketAddress> upstreams, Duration timeout) throws Exception {
    DnsServer server = new DnsServer(DnsServerConfig.of("127.0.0.1", 0, upstreams).withForwardTimeout(timeout),
        view::get, registry);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return server;
  }

  private static Message ask(DnsServer server, String source, boolean tcp, String name, int type) throws Exception {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    r.setLocalAddress(new InetSocketAddress(source, 0));
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
  }

  private static List<String> addresses(Message m) {
    return m.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
  }

  private double count(String result, String transport) {
    return registry.get(DnsMetrics.QUERIES).tag("result", result).tag("transport", transport).counter().count();
  }

  @Test
  void answersOverUdpAndTcpFromTheAskersNetwork() throws Exception {
    DnsServer server = deploy(List.of(upstream.address()), Duration.ofSeconds(2));
    for (boolean tcp : new boolean[] {false, true}) {
      Message m = ask(server, MANAGED_SRC, tcp, HUBOT, Type.A);
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertEquals(List.of("10.42.0.7", "10.42.0.8"), addresses(m).stream().sorted().toList());
      assertEquals(600, m.getSection(Section.ANSWER).get(0).getTTL());
    }
    assertEquals(1.0, count("answered", "udp"));
    assertEquals(1.0, count("answered", "tcp"));
  }

  @Test
  void viewUpdatesAreSeenByTheNextQuery() throws Exception {
    DnsServer server = deploy(List.of(upstream.address()), Duration.ofSeconds(2));
    DnsDelta d = new DnsDelta(view.get());
    d.replayDnsRecord(MANAGED + "/" + HUBOT, null);
    view.set(d.apply());
    assertEquals(Rcode.NXDOMAIN, ask(server, MANAGED_SRC, false, HUBOT, Type.A).getRcode());
  }

  @Test
  void missingNameIsNxdomainWithSoaAndOtherNetworksNamesDoNotLeak() throws Exception {
    DnsServer server = deploy(List.of(upstream.address()), Duration.ofSeconds(2));
    Message missing = ask(server, MANAGED_SRC, false, "nope.rocket-chat.rancher.internal", Type.A);
    assertEquals(Rcode.NXDOMAIN, missing.getRcode());
    assertInstanceOf(SOARecord.class, missing.getSection(Section.AUTHORITY).get(0));

    Message leak = ask(server, MANAGED_SRC, true, SECRET, Type.A);
    assertEquals(Rcode.NXDOMAIN, leak.getRcode());
    assertTrue(addresses(leak).isEmpty());
    assertEquals(List.of("10.43.0.9"), addresses(ask(server, OTHER_SRC, false, SECRET, Type.A)));
    assertEquals(Rcode.NXDOMAIN, ask(server, OTHER_SRC, false, HUBOT, Type.A).getRcode());
    assertEquals(0, upstream.queries.get(), "internal names never go upstream");
    assertEquals(3.0, count("nxdomain", "udp") + count("nxdomain", "tcp"));
  }

  @Test
  void anyIsRefused() throws Exception {
    DnsServer server = deploy(List.of(upstream.address()), Duration.ofSeconds(2));
    assertEquals(Rcode.REFUSED, ask(server, MANAGED_SRC, false, HUBOT, Type.ANY).getRcode());
    assertEquals(1.0, count("refused", "udp"));
  }

  @Test
  void otherNamesAndUnknownSourcesAreForwarded() throws Exception {
    DnsServer server = deploy(List.of(upstream.address()), Duration.ofSeconds(2));
    assertEquals(List.of("192.0.2.99"), addresses(ask(server, MANAGED_SRC, false, "example.org", Type.A)));
    // 127.0.0.1 is no container: even an internal name is only forwarded.
    assertEquals(List.of("192.0.2.99"), addresses(ask(server, "127.0.0.1", true, HUBOT, Type.A)));
    assertEquals(2, upstream.queries.get());
    assertEquals(2.0, count("forwarded", "udp") + count("forwarded", "tcp"));
  }

  @Test
  void silentUpstreamGivesServfailAfterTheTimeout() throws Exception {
    DnsServer server = deploy(List.of(silent.address()), Duration.ofMillis(400));
    long t0 = System.nanoTime();
    Message m = ask(server, MANAGED_SRC, false, "example.org", Type.A);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Rcode.SERVFAIL, m.getRcode());
    assertTrue(ms >= 300, "answered after " + ms + " ms, before the timeout");
    assertTrue(silent.queries.get() >= 1);
    assertEquals(1.0, count("servfail", "udp"));
  }

  @Test
  void noUpstreamGivesServfail() throws Exception {
    DnsServer server = deploy(List.of(), Duration.ofSeconds(2));
    assertEquals(Rcode.SERVFAIL, ask(server, MANAGED_SRC, false, "example.org", Type.A).getRcode());
  }

  @Test
  void deploymentFailsWhenThePortIsTaken() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      DnsServer server = new DnsServer(DnsServerConfig.of("127.0.0.1", taken.getLocalPort(), List.of()),
          view::get, registry);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("cannot listen"), e.getCause().getMessage());
    }
  }

  @Test
  void deploymentFailsWhenOnlyTheTcpPortIsTakenAndReleasesUdp() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      DnsServer server = new DnsServer(DnsServerConfig.of("127.0.0.1", port, List.of()), view::get, registry);
      assertThrows(ExecutionException.class,
          () -> vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      Thread.sleep(100); // the close is asynchronous
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
        assertEquals(port, udp.getLocalPort(), "the UDP port was released");
      }
    }
  }

  @Test
  void digGetsTheAnswers() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig is not installed (apt-get install dnsutils)");
    DnsServer server = deploy(List.of(upstream.address()), Duration.ofSeconds(2));
    assertEquals(List.of("10.42.0.7", "10.42.0.8"), sortedLines(dig(server, "-b", MANAGED_SRC, HUBOT, "+short")));
    assertEquals(List.of("10.42.0.7", "10.42.0.8"), sortedLines(dig(server, "-b", MANAGED_SRC, HUBOT, "+short", "+tcp")));
    assertEquals("", dig(server, "-b", OTHER_SRC, HUBOT, "+short"));
    String full = dig(server, "-b", MANAGED_SRC, "nope.rancher.internal");
    assertTrue(full.contains("status: NXDOMAIN") && full.contains("SOA"), full);
  }

  static List<String> sortedLines(String text) {
    return text.lines().sorted().toList();
  }

  private static String dig(DnsServer server, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(server.port()),
        "+time=3", "+tries=1"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "dig did not finish");
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    } finally {
      p.destroyForcibly();
    }
  }
}
