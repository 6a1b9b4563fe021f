package io.netledger.it.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

final class Sockets {
  private Sockets() {}

  /** True when a TCP connection to {@code address:port} is accepted within a second. */
  static boolean accepts(String address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
