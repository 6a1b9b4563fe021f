package io.netledger.agent.dns;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Random bytes over UDP and TCP (garbage, truncated and oversized length prefixes, half-open and
 * idle connections beyond the server's cap) against the agent's DNS server: it keeps answering a
 * real query over both transports, and the connection cap holds. Seeded, so a failure repeats.
 */
class DnsFuzzTest {
  private Vertx vertx;
  private DnsServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = new DnsServer(DnsServerConfig.of("127.0.0.1", 0, List.of()).withForwardTimeout(Duration.ofMillis(200)),
        () -> seed("127.0.0.2", "127.0.0.3"), new SimpleMeterRegistry());
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Message ask(boolean tcp) throws IOException {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    r.setLocalAddress(new InetSocketAddress("127.0.0.2", 0));
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(2));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(HUBOT + "."), Type.A, DClass.IN)));
  }

  /**
   * The rcode of the first answer within 20 s, asking again as a stub resolver does: a datagram
   * sent while the socket's receive buffer is full of garbage is dropped by the kernel, which is
   * the flood's doing, not the server's.
   */
  private int answer(boolean tcp) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return ask(tcp).getRcode();
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /**
   * A client socket on 127.0.0.2, like the containers of the other tests: its ephemeral ports then
   * never collide with the port a server of a later test takes on 127.0.0.1 (UDP picks it, TCP
   * must get the same).
   */
  private static Socket client() throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress("127.0.0.2", 0));
    return s;
  }

  @Test
  void randomBytesOverUdpAndTcpNeverStopTheAnswers() throws Exception {
    Random rnd = new Random(15);
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
      for (int i = 0; i < 2000; i++) {
        byte[] b = new byte[rnd.nextInt(700)];
        rnd.nextBytes(b);
        if (i % 3 == 0 && b.length > 12) {
          b[4] = 0;
          b[5] = 1; // one question: deeper into the parser
        }
        udp.send(new DatagramPacket(b, b.length, to));
      }
    }
    assertEquals(Rcode.NOERROR, answer(false), "after UDP garbage");
    for (int i = 0; i < 200; i++) {
      try (Socket s = client()) {
        s.connect(to, 2000);
        OutputStream out = s.getOutputStream();
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        if (i % 2 == 0 && b.length >= 2) {
          int len = rnd.nextBoolean() ? b.length - 2 : rnd.nextInt(65536); // exact, or a lie
          b[0] = (byte) (len >> 8);
          b[1] = (byte) len;
        }
        out.write(b);
        out.flush();
      } catch (IOException closedByServer) {
        // a refused or reset connection is an answer too
      }
    }
    assertEquals(Rcode.NOERROR, answer(false));
    assertEquals(Rcode.NOERROR, answer(true));
  }

  @Test
  void idleConnectionsBeyondTheCapAreClosedAndQueriesStillAnswer() throws Exception {
    List<Socket> idle = new ArrayList<>();
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
    try {
      for (int i = 0; i < DnsServer.MAX_TCP_CONNECTIONS + 20; i++) {
        Socket s = client();
        s.connect(to, 2000);
        idle.add(s);
      }
      Thread.sleep(300);
      int closed = 0;
      for (Socket s : idle) {
        s.setSoTimeout(20);
        try {
          if (s.getInputStream().read() < 0) {
            closed++;
          }
        } catch (java.net.SocketTimeoutException open) {
          // still open, within the cap
        } catch (IOException reset) {
          closed++;
        }
      }
      assertTrue(closed >= 20, "connections beyond the cap are closed: " + closed);
      assertEquals(Rcode.NOERROR, ask(false).getRcode(), "UDP answers while TCP is full");
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    Thread.sleep(200);
    assertEquals(Rcode.NOERROR, ask(true).getRcode(), "TCP answers once they are gone");
  }
}
