package io.netledger.devcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free ports to listen on, and whether something still listens. */
final class Ports {
  private Ports() {}

  /**
   * A port free on {@code address} right now. There is a window between closing our probe and the
   * child binding it; a clash shows as a start failure naming the port, which is rare enough for
   * a dev cluster.
   */
  static int free(String address) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + address + ": " + e.getMessage(), e);
    }
  }

  static int orFree(int port, String address) {
    return port > 0 ? port : free(address);
  }

  /** True when a TCP connection to {@code address:port} is accepted. */
  static boolean listening(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
