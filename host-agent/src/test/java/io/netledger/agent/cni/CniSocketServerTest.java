package io.netledger.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.kernel.FakeKernel;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI socket's read timeout: a request not sent whole in time is cut off with a reason. */
class CniSocketServerTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  @TempDir
  Path dir;
  private CniSocketServer server;

  @BeforeEach
  void start() {
    CniService service = new CniService("H1", p -> {
      throw new IllegalStateException("broker down");
    }, new EndpointWatch(), (t, p, o) -> Optional.empty(), new FakeKernel(), new Attachments(dir.resolve("state")),
        Duration.ofMillis(200));
    server = CniSocketServer.start(dir.resolve("cni.sock"), service, TIMEOUT);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SocketChannel connect() throws IOException {
    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
    c.connect(UnixDomainSocketAddress.of(server.path()));
    return c;
  }

  private static String readAll(SocketChannel c) throws IOException {
    try (InputStream in = Channels.newInputStream(c)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRequestNotSentWholeIsCutOffWithAClearError() throws Exception {
    long t0 = System.nanoTime();
    String answer;
    try (SocketChannel c = connect()) {
      // Half a request, and the write side never shut down: the server waits for more.
      c.write(ByteBuffer.wrap("CNI_COMMAND=ADD\nCNI_CONTAINERID=c1\n".getBytes(StandardCharsets.UTF_8)));
      answer = readAll(c);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(answer.startsWith("1\n") && answer.contains("\"code\":" + CniError.DECODE), answer);
    assertTrue(answer.contains("not sent whole within 300 ms"), answer);
    assertTrue(ms >= 250 && ms < 2000, "cut off after " + ms + " ms");
  }

  @Test
  void aStalledClientDoesNotStopTheNextOne() throws Exception {
    try (SocketChannel stalled = connect()) {
      stalled.write(ByteBuffer.wrap("CNI_COMMAND=".getBytes(StandardCharsets.UTF_8)));
      try (SocketChannel c = connect()) {
        c.write(ByteBuffer.wrap("CNI_COMMAND=VERSION\n\n{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
        c.shutdownOutput();
        String answer = readAll(c);
        assertEquals('0', answer.charAt(0), answer);
        assertTrue(answer.contains("supportedVersions"), answer);
      }
      assertTrue(readAll(stalled).contains("not sent whole"));
    }
  }
}
