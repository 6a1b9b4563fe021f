package io.netledger.agent.dns;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Framing and sizes on the wire: UDP truncation, TCP frames split and pipelined, garbage, metric names. */
class DnsWireTest {
  private static final String BIG = "big.rocket-chat.rancher.internal";
  private Vertx vertx;
  private DnsServer server;
  private PrometheusMeterRegistry registry;

  @BeforeEach
  void start() throws Exception {
    DnsDelta d = new DnsDelta(seed(DnsServerTest.MANAGED_SRC, DnsServerTest.OTHER_SRC));
    String[] many = new String[100];
    for (int i = 0; i < many.length; i++) {
      many[i] = "10.42.1." + (i + 1);
    }
    d.replayDnsRecord(MANAGED + "/" + BIG, record(MANAGED, BIG, 60, many));
    DnsView view = d.apply();
    vertx = Vertx.vertx();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new DnsServer(DnsServerConfig.of("127.0.0.1", 0, List.of()).withForwardTimeout(Duration.ofMillis(200)),
        () -> view, registry);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] query(String name, int id) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
    q.getHeader().setID(id);
    return q.toWire();
  }

  private byte[] udp(byte[] wire) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(DnsServerTest.MANAGED_SRC, 0))) {
      s.setSoTimeout(5000);
      s.send(new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", server.port())));
      DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
      s.receive(p);
      return Arrays.copyOf(p.getData(), p.getLength());
    }
  }

  @Test
  void largeAnswersAreTruncatedOverUdpAndCompleteOverTcp() throws Exception {
    Message udp = new Message(udp(query(BIG, 7)));
    assertTrue(udp.getHeader().getFlag(Flags.TC), "100 addresses do not fit 512 bytes");
    // dnsjava's resolver retries over TCP on TC, as a stub resolver does.
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    r.setLocalAddress(new InetSocketAddress(DnsServerTest.MANAGED_SRC, 0));
    Message full = r.send(Message.newQuery(Record.newRecord(Name.fromString(BIG + "."), Type.A, DClass.IN)));
    assertEquals(100, full.getSection(Section.ANSWER).size());
  }

  @Test
  void tcpFramesMayBeSplitOrPipelined() throws Exception {
    byte[] a = query(HUBOT, 1);
    byte[] b = query(MONGO, 2);
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(DnsServerTest.MANAGED_SRC, 0));
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      byte[] both = new byte[4 + a.length + b.length];
      both[0] = (byte) (a.length >> 8);
      both[1] = (byte) a.length;
      System.arraycopy(a, 0, both, 2, a.length);
      both[2 + a.length] = (byte) (b.length >> 8);
      both[3 + a.length] = (byte) b.length;
      System.arraycopy(b, 0, both, 4 + a.length, b.length);
      out.write(both, 0, 1); // half a length prefix
      out.flush();
      Thread.sleep(50);
      out.write(both, 1, 10); // the rest of it and part of the first message
      out.flush();
      Thread.sleep(50);
      out.write(both, 11, both.length - 11); // the rest, and the whole second message
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      Set<Integer> ids = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        Message m = new Message(reply);
        assertEquals(Rcode.NOERROR, m.getRcode());
        ids.add(m.getHeader().getID());
      }
      assertEquals(Set.of(1, 2), ids);
    }
  }

  @Test
  void garbageGetsFormerrAndIsCounted() throws Exception {
    byte[] garbage = new byte[14];
    garbage[0] = 0x0a;
    garbage[1] = 0x0b;
    garbage[5] = 1; // one question...
    garbage[12] = 5; // ...whose first label of 5 bytes ends after one
    Message m = new Message(udp(garbage));
    assertEquals(Rcode.FORMERR, m.getRcode());
    assertEquals(0x0a0b, m.getHeader().getID());
    String scrape = registry.scrape();
    assertTrue(scrape.contains("netledger_dns_queries_total{result=\"formerr\",transport=\"udp\"} 1.0"), scrape);
    assertTrue(scrape.contains("netledger_dns_queries_total{result=\"answered\",transport=\"tcp\"} 0.0"), scrape);
  }
}
