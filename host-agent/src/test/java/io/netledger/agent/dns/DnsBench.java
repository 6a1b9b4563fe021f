package io.netledger.agent.dns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Queries per second answered from the view over UDP on loopback: one client thread keeps
 * {@code window} queries in flight (as many resolvers would) for random names among {@code names}
 * records, and counts NOERROR answers that carry records. Client and server share the machine.
 *
 * <p>Args: [names=10000] [window=64] [warmupSeconds=5] [seconds=10].
 */
public final class DnsBench {
  private DnsBench() {}

  public static void main(String[] args) throws Exception {
    int names = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;

    DnsDelta d = new DnsDelta(Fixtures.seed("127.0.0.2", "127.0.0.3"));
    byte[][] queries = new byte[names][];
    for (int i = 0; i < names; i++) {
      String fqdn = "c" + i + ".bench.rancher.internal";
      d.replayDnsRecord(Fixtures.MANAGED + "/" + fqdn, Fixtures.record(Fixtures.MANAGED, fqdn, 600,
          "10.42." + (i / 250) + "." + (i % 250 + 1)));
      queries[i] = Message.newQuery(Record.newRecord(Name.fromString(fqdn + "."), Type.A, DClass.IN)).toWire();
    }
    DnsView view = d.apply();

    Vertx vertx = Vertx.vertx();
    try {
      DnsServer server = new DnsServer(DnsServerConfig.of("127.0.0.1", 0, List.of()), () -> view,
          new SimpleMeterRegistry());
      vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());
      try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
        client.setSoTimeout(200);
        client.setReceiveBufferSize(1 << 20);
        run(client, target, queries, window, warmup);
        long answered = run(client, target, queries, window, seconds);
        System.out.printf("dns bench: %d names, window %d, %d s: %d answered, %.0f queries/s%n",
            names, window, seconds, answered, answered / (double) seconds);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Keeps {@code window} queries in flight for {@code seconds}; returns the answers counted. */
  private static long run(DatagramSocket client, InetSocketAddress target, byte[][] queries, int window,
      int seconds) throws Exception {
    Random random = new Random(42);
    byte[] buf = new byte[1500];
    DatagramPacket in = new DatagramPacket(buf, buf.length);
    long answered = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; i < window; i++) {
      send(client, target, queries[random.nextInt(queries.length)]);
    }
    while (System.nanoTime() < end) {
      try {
        client.receive(in);
      } catch (SocketTimeoutException lost) {
        for (int i = 0; i < window; i++) { // refill the window after losses
          send(client, target, queries[random.nextInt(queries.length)]);
        }
        continue;
      }
      int rcode = buf[3] & 0x0F;
      int answers = ((buf[6] & 0xFF) << 8) | (buf[7] & 0xFF);
      if (rcode == 0 && answers > 0) {
        answered++;
      }
      send(client, target, queries[random.nextInt(queries.length)]);
    }
    drain(client, in);
    return answered;
  }

  private static void send(DatagramSocket client, InetSocketAddress target, byte[] q) throws Exception {
    client.send(new DatagramPacket(q, q.length, target));
  }

  private static void drain(DatagramSocket client, DatagramPacket in) throws Exception {
    try {
      while (true) {
        client.receive(in);
      }
    } catch (SocketTimeoutException done) {
      // the window is empty
    }
  }
}
