package io.netledger.agent.cni;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Unix-socket API for the CNI plugin: one call per connection, in the wire form of
 * {@link CniCall} (the runtime's {@code CNI_*} environment and stdin in; exit code and stdout out).
 *
 * <p>A Unix socket rather than HTTP on a port: only local root processes may attach containers,
 * and file permissions say exactly that; no port is opened in any namespace. Hand-written over
 * the JDK's {@code UnixDomainSocketAddress} because the exchange is one small message each way
 * and Vert.x's domain sockets need a native transport.
 */
public final class CniSocketServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CniSocketServer.class);
  private static final int MAX_REQUEST = 1 << 20;

  private final Path path;
  private final ServerSocketChannel server;
  private final CniService service;
  private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "netledger-cni-worker");
    t.setDaemon(true);
    return t;
  });
  private final Thread acceptor;
  private final java.time.Duration readTimeout;
  private volatile boolean running = true;

  private CniSocketServer(Path path, ServerSocketChannel server, CniService service, java.time.Duration readTimeout) {
    this.path = path;
    this.server = server;
    this.service = service;
    this.readTimeout = readTimeout;
    this.acceptor = new Thread(this::accept, "netledger-cni-accept");
    this.acceptor.setDaemon(true);
  }

  /** Listens on {@code path} (a stale socket file there is replaced); fails loudly when it cannot. */
  public static CniSocketServer start(Path path, CniService service) {
    return start(path, service, READ_TIMEOUT);
  }

  /** As {@link #start(Path, CniService)}, cutting off a client that has not sent its whole request within {@code readTimeout}. */
  static CniSocketServer start(Path path, CniService service, java.time.Duration readTimeout) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.deleteIfExists(path);
      ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      ch.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      CniSocketServer s = new CniSocketServer(path, ch, service, readTimeout);
      s.acceptor.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("the CNI socket cannot listen on " + path + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  private void accept() {
    while (running) {
      try {
        SocketChannel c = server.accept();
        workers.execute(() -> serve(c));
      } catch (IOException e) {
        if (running) {
          LOG.error("cni: accepting on {} failed", path, e);
        }
        return;
      }
    }
  }

  /**
   * How long a client may take to send its whole request (the plugin writes it at once and shuts
   * its side down): one that stalls is cut off, so four stalled clients cannot hold every worker.
   */
  static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(10);

  private final java.util.concurrent.ScheduledExecutorService readDeadlines =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "netledger-cni-read-deadline");
        t.setDaemon(true);
        return t;
      });

  private void serve(SocketChannel c) {
    // Closing the channel ends a blocked read with AsynchronousCloseException (an IOException).
    // Before closing, the client is told why (a SocketChannel may be written while another thread
    // reads it), so a stalled plugin fails with a reason rather than an empty answer.
    var deadline = readDeadlines.schedule(() -> {
      try (c) {
        java.nio.ByteBuffer why = java.nio.ByteBuffer.wrap(CniCall.error("1.0.0", new CniError(CniError.DECODE,
            "the request was not sent whole within " + readTimeout.toMillis() + " ms; the agent cut the connection off",
            "")).encode());
        while (why.hasRemaining() && c.write(why) > 0) {
          // a small answer: one or two writes
        }
      } catch (IOException | RuntimeException ignored) {
        // the client may be gone already; closing is all that is left
      }
    }, readTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    try (c; InputStream in = Channels.newInputStream(c); OutputStream out = Channels.newOutputStream(c)) {
      byte[] raw = in.readNBytes(MAX_REQUEST + 1);
      deadline.cancel(false);
      CniCall.Answer answer = raw.length > MAX_REQUEST
          ? CniCall.error("1.0.0", new CniError(CniError.DECODE, "request larger than " + MAX_REQUEST + " bytes", ""))
          : handle(raw);
      out.write(answer.encode());
    } catch (IOException e) {
      LOG.warn("cni: a client went away or did not send its whole request within {} ms: {}", readTimeout.toMillis(),
          e.toString());
    } finally {
      deadline.cancel(false);
    }
  }

  /** One call, decoded and performed; never throws (every failure is a CNI error answer). */
  CniCall.Answer handle(byte[] raw) {
    CniCall call;
    try {
      call = CniCall.decode(raw);
    } catch (CniError e) {
      return CniCall.error("1.0.0", e);
    }
    CniRequest r = null;
    long t0 = System.nanoTime();
    try {
      if ("VERSION".equals(call.env().get("CNI_COMMAND"))) {
        return call.versions();
      }
      r = call.request();
      ObjectNode result = null;
      switch (r.command()) {
        case "ADD" -> result = service.add(r);
        case "DEL" -> service.del(r);
        case "CHECK" -> service.check(r);
        case "STATUS" -> service.status();
        case "GC" -> service.gc(r.validAttachments());
        default -> throw new CniError(CniError.INVALID_ENV, "unknown CNI_COMMAND " + r.command(), "");
      }
      LOG.info("cni: {} {} ok in {} ms", r.command(), r.containerId(), (System.nanoTime() - t0) / 1_000_000);
      return call.ok(result);
    } catch (CniError e) {
      LOG.warn("cni: {} {} failed in {} ms: {} ({})", r == null ? "?" : r.command(), r == null ? "?" : r.containerId(),
          (System.nanoTime() - t0) / 1_000_000, e.getMessage(), e.details());
      return CniCall.error(call.version(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CniCall.error(call.version(), new CniError(CniError.TRY_AGAIN, "the agent is stopping", ""));
    } catch (RuntimeException e) {
      LOG.error("cni: {} {} failed unexpectedly", r == null ? "?" : r.command(), r == null ? "?" : r.containerId(), e);
      return CniCall.error(call.version(), new CniError(CniError.AGENT_UNREACHABLE, "the agent failed: " + e, ""));
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cni: closing {}: {}", path, e.toString());
    }
    workers.shutdownNow();
    readDeadlines.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
