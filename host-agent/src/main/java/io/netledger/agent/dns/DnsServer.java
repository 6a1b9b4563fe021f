package io.netledger.agent.dns;

import io.micrometer.core.instrument.MeterRegistry;
import io.netledger.agent.dns.DnsMetrics.Transport;
import io.netledger.events.net.Ipv4;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * The agent's DNS server: UDP and TCP on one address and port, answering from the current
 * {@link DnsView} through {@link DnsAnswerer} and forwarding the rest through {@link Forwarder}.
 *
 * <p>A thin adapter: bytes in, {@code Message} parsed by dnsjava, decision made by the pure
 * answerer, bytes out. The deployment fails when either listen fails (nobody would notice a DNS
 * server that logs and carries on). With port 0 the UDP socket picks a port and TCP takes the same.
 *
 * <pre>{@code
 * AtomicReference<DnsView> view = new AtomicReference<>(DnsView.empty("h1"));
 * DnsServer dns = new DnsServer(DnsServerConfig.of("169.254.169.250", 53, upstreams), view::get, registry);
 * vertx.deployVerticle(dns).await();
 * }</pre>
 */
public final class DnsServer extends AbstractVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  /** Plain DNS over UDP without EDNS may not exceed 512 bytes (RFC 1035 4.2.1). */
  private static final int CLASSIC_UDP = 512;
  private static final int MAX_TCP = 65535;
  /**
   * At most this many TCP connections at once; one more is closed at once. A container that opens
   * connections and never sends cannot exhaust the agent (each is also closed after 10 s idle).
   */
  static final int MAX_TCP_CONNECTIONS = 256;
  /**
   * At most this many queries forwarded upstream at once; one more is answered SERVFAIL at once,
   * so a flood of outside names cannot queue without bound behind slow upstreams.
   */
  static final int MAX_FORWARDS_IN_FLIGHT = 512;
  /**
   * Per source address: 500 queries a second, bursts of 1,000, at most 4,096 sources remembered.
   * Far above what a container's resolver asks (a few per connection it opens), low enough that
   * one container cannot spend the agent's event loop or its upstreams' patience for everyone.
   */
  static final double RATE_PER_SOURCE = 500;
  static final int BURST_PER_SOURCE = 1_000;
  static final int MAX_SOURCES = 4_096;
  /** Dropped queries are logged at most once per this interval, with their count. */
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final DnsServerConfig config;
  private final Supplier<DnsView> view;
  private final DnsAnswerer answerer;
  private final Forwarder forwarder;
  private final DnsMetrics metrics;
  private final AtomicInteger rotation = new AtomicInteger();
  private final AtomicInteger tcpConnections = new AtomicInteger();
  private final AtomicInteger forwardsInFlight = new AtomicInteger();
  private final SourceRateLimit rateLimit;
  private long limitedSinceLog;
  private long lastLimitLog = Long.MIN_VALUE;
  private volatile int port = -1;

  public DnsServer(DnsServerConfig config, Supplier<DnsView> view, MeterRegistry registry) {
    this(config, view, registry, new SourceRateLimit(RATE_PER_SOURCE, BURST_PER_SOURCE, MAX_SOURCES, System::nanoTime));
  }

  /** With another per-source limit (tests). */
  DnsServer(DnsServerConfig config, Supplier<DnsView> view, MeterRegistry registry, SourceRateLimit rateLimit) {
    this.rateLimit = rateLimit;
    this.config = config;
    this.view = view;
    // rancher-metadata resolves to where the metadata API listens: this server's own address.
    this.answerer = new DnsAnswerer(config.negativeTtl(),
        Ipv4.isValid(config.host()) ? Optional.of(Ipv4.parse(config.host())) : Optional.empty());
    this.forwarder = new Forwarder(config.upstreams(), config.forwardTimeout());
    this.metrics = new DnsMetrics(registry);
  }

  /** The port both sockets listen on, once deployed. */
  public int port() {
    return port;
  }

  @Override
  public void start(Promise<Void> started) {
    DatagramSocket udp = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(false));
    udp.handler(packet -> {
      String host = packet.sender().host();
      int senderPort = packet.sender().port();
      serve(packet.data().getBytes(), host, Transport.UDP)
          .onSuccess(reply -> reply.ifPresent(b -> udp.send(Buffer.buffer(b), senderPort, host)));
    });
    // A send to a client that went away must not end the server.
    udp.exceptionHandler(e -> LOG.debug("DNS UDP socket: {}", e.toString()));
    udp.listen(config.port(), config.host())
        .compose(s -> {
          int actual = s.localAddress().port();
          // RFC 7766: a server should close idle TCP connections; 10 s is its example.
          NetServer tcp = vertx.createNetServer(new NetServerOptions().setIdleTimeout(10));
          tcp.connectHandler(this::serveTcp);
          return tcp.listen(actual, config.host()).map(t -> actual);
        })
        .onSuccess(actual -> {
          port = actual;
          started.complete();
        })
        .onFailure(e -> {
          udp.close(); // UDP may have bound before TCP failed: do not keep half a server
          started.fail(new IOException(
              "DNS server cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e));
        });
  }

  private void serveTcp(NetSocket socket) {
    if (tcpConnections.incrementAndGet() > MAX_TCP_CONNECTIONS) {
      tcpConnections.decrementAndGet();
      metrics.count(Transport.TCP, QueryResult.REFUSED);
      socket.close();
      return;
    }
    socket.closeHandler(v -> tcpConnections.decrementAndGet());
    String host = socket.remoteAddress().host();
    // DNS over TCP: each message is preceded by its length in two bytes (RFC 1035 4.2.2).
    RecordParser parser = RecordParser.newFixed(2);
    parser.handler(new Handler<>() {
      private boolean expectLength = true;

      @Override
      public void handle(Buffer frame) {
        if (expectLength) {
          int length = frame.getUnsignedShort(0);
          if (length == 0) {
            socket.close();
            return;
          }
          expectLength = false;
          parser.fixedSizeMode(length);
        } else {
          expectLength = true;
          parser.fixedSizeMode(2);
          serve(frame.getBytes(), host, Transport.TCP).onSuccess(reply -> reply.ifPresent(b ->
              socket.write(Buffer.buffer(b.length + 2).appendUnsignedShort(b.length).appendBytes(b))));
        }
      }
    });
    socket.handler(parser);
  }

  /** One query in wire format from {@code host}; the wire reply, or empty when there is none. */
  private Future<Optional<byte[]>> serve(byte[] wire, String host, Transport transport) {
    if (!rateLimit.allow(host)) {
      // Dropped, not answered REFUSED: an answer would let a spoofed source aim replies at a victim.
      metrics.count(transport, QueryResult.RATE_LIMITED);
      logLimited(host);
      return Future.succeededFuture(Optional.empty());
    }
    try {
      return answer(wire, host, transport);
    } catch (RuntimeException e) {
      // Whatever a datagram holds, the server answers the next one.
      LOG.warn("DNS query of {} bytes from {} failed: {}", wire.length, host, e.toString(), e);
      metrics.count(transport, QueryResult.FORMERR);
      return Future.succeededFuture(Optional.empty());
    }
  }

  /** One WARN per interval however many are dropped, naming the source that tripped it. */
  private synchronized void logLimited(String host) {
    limitedSinceLog++;
    long now = System.nanoTime();
    if (lastLimitLog == Long.MIN_VALUE || now - lastLimitLog >= LOG_INTERVAL_NANOS) {
      LOG.warn("DNS: dropped {} queries over the per-source limit ({}/s, bursts of {}) since the last report; now from {}",
          limitedSinceLog, RATE_PER_SOURCE, BURST_PER_SOURCE, host);
      limitedSinceLog = 0;
      lastLimitLog = now;
    }
  }

  private Future<Optional<byte[]>> answer(byte[] wire, String host, Transport transport) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      metrics.count(transport, QueryResult.FORMERR);
      return Future.succeededFuture(DnsAnswerer.formerr(wire).map(m -> m.toWire()));
    }
    int limit = transport == Transport.TCP ? MAX_TCP : udpLimit(query);
    Optional<Ipv4> source = Ipv4.isValid(host) ? Optional.of(Ipv4.parse(host)) : Optional.empty();
    Decision decision;
    try {
      decision = answerer.answer(query, source, view.get(), rotation.getAndIncrement());
    } catch (RuntimeException e) {
      LOG.warn("query {} from {} failed: {}", query.getQuestion(), host, e.toString(), e);
      metrics.count(transport, QueryResult.SERVFAIL);
      return Future.succeededFuture(Optional.of(DnsAnswerer.servfail(query).toWire(limit)));
    }
    if (decision instanceof Decision.Reply r) {
      metrics.count(transport, r.result());
      return Future.succeededFuture(Optional.of(r.response().toWire(limit)));
    }
    if (forwardsInFlight.incrementAndGet() > MAX_FORWARDS_IN_FLIGHT) {
      forwardsInFlight.decrementAndGet();
      metrics.count(transport, QueryResult.SERVFAIL);
      return Future.succeededFuture(Optional.of(DnsAnswerer.servfail(query).toWire(limit)));
    }
    return Future.fromCompletionStage(forwarder.forward(query), context)
        .onComplete(done -> forwardsInFlight.decrementAndGet())
        .map(answer -> {
          metrics.count(transport, QueryResult.FORWARDED);
          // The resolver sent its own query ID; the client matches on the one it chose.
          answer.getHeader().setID(query.getHeader().getID());
          return Optional.of(answer.toWire(limit));
        })
        .recover(e -> {
          LOG.debug("forwarding {} failed: {}", query.getQuestion(), e.toString());
          metrics.count(transport, QueryResult.SERVFAIL);
          return Future.succeededFuture(Optional.of(DnsAnswerer.servfail(query).toWire(limit)));
        });
  }

  /** The reply size the client accepts over UDP; larger replies are truncated with TC set. */
  private static int udpLimit(Message query) {
    OPTRecord opt = query.getOPT();
    return opt == null ? CLASSIC_UDP : Math.max(CLASSIC_UDP, Math.min(opt.getPayloadSize(), DnsAnswerer.EDNS_PAYLOAD));
  }
}
