package io.netledger.agent.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * A tiny upstream resolver on a loopback port: answers every A query with {@code answer}, or, when
 * silent, reads queries and never answers (to test the timeout).
 */
final class FakeUpstream implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;
  final AtomicInteger queries = new AtomicInteger();

  FakeUpstream(String answer, boolean silent) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    InetAddress address = InetAddress.getByName(answer);
    thread = new Thread(() -> serve(address, silent), "fake-upstream");
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void serve(InetAddress answer, boolean silent) {
    byte[] buf = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        queries.incrementAndGet();
        if (silent) {
          continue;
        }
        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 42, answer), Section.ANSWER);
        byte[] out = r.toWire();
        socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // a malformed test query: ignore it, as a real resolver would
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(2000);
  }
}
