package io.netledger.agent.dns;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The DNS server's per-source token bucket: alone on a fake clock, then in the server over UDP. */
class SourceRateLimitTest {
  @Test
  void aSourceGetsItsBurstThenItsRateAndOthersAreUntouched() {
    AtomicLong now = new AtomicLong();
    SourceRateLimit l = new SourceRateLimit(10, 3, 100, now::get);
    for (int i = 0; i < 3; i++) {
      assertTrue(l.allow("10.42.0.5"), "burst " + i);
    }
    assertFalse(l.allow("10.42.0.5"), "over the burst");
    assertTrue(l.allow("10.42.0.6"), "another source has its own bucket");
    now.addAndGet(100_000_000L); // 0.1 s at 10/s: one token back
    assertTrue(l.allow("10.42.0.5"));
    assertFalse(l.allow("10.42.0.5"));
    now.addAndGet(60_000_000_000L); // a minute later: full again, never more than the burst
    for (int i = 0; i < 3; i++) {
      assertTrue(l.allow("10.42.0.5"));
    }
    assertFalse(l.allow("10.42.0.5"));
  }

  @Test
  void theTableOfSourcesIsBounded() {
    SourceRateLimit l = new SourceRateLimit(1, 1, 50, () -> 0L);
    for (int i = 0; i < 10_000; i++) {
      l.allow("10.0." + (i / 256) + "." + (i % 256));
    }
    assertEquals(50, l.sources());
  }

  @Test
  void theServerDropsQueriesOverTheLimitCountsThemAndKeepsAnsweringOthers() throws Exception {
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // A frozen clock: 4 queries per source, ever.
    DnsServer server = new DnsServer(DnsServerConfig.of("127.0.0.1", 0, List.of()).withForwardTimeout(Duration.ofMillis(200)),
        () -> seed("127.0.0.2", "127.0.0.3"), registry, new SourceRateLimit(1, 4, 16, () -> 0L));
    try {
      vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      byte[] query = Message.newQuery(Record.newRecord(Name.fromString(HUBOT + "."), Type.A, DClass.IN)).toWire();
      int answered = 0;
      try (java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
        for (int i = 0; i < 6; i++) {
          socket.send(new java.net.DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", server.port())));
        }
        // Generous: a loaded machine has blocked the event loop for seconds on its first query.
        socket.setSoTimeout(30_000);
        for (int i = 0; i < 4; i++) {
          socket.receive(new java.net.DatagramPacket(new byte[1500], 1500));
          answered++;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (limited(registry) < 2 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        socket.setSoTimeout(1000);
        try {
          socket.receive(new java.net.DatagramPacket(new byte[1500], 1500));
          answered++;
        } catch (java.net.SocketTimeoutException expected) {
          // the two over the limit get no answer
        }
      }
      assertEquals(4, answered, "the burst answered, the rest dropped unanswered");
      assertEquals(2.0, limited(registry));
      ask(server.port(), "127.0.0.3"); // another container is still answered
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static double limited(SimpleMeterRegistry registry) {
    return registry.get(DnsMetrics.QUERIES).tag("result", "rate_limited").tag("transport", "udp").counter().count();
  }

  private static Message ask(int port, String from) throws IOException {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    r.setLocalAddress(new InetSocketAddress(from, 0));
    r.setTimeout(Duration.ofSeconds(20));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(HUBOT + "."), Type.A, DClass.IN)));
  }
}
