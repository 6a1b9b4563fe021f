package io.netledger.cli.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * One request to the agent's CNI socket ({@code io.netledger.agent.cni.CniSocketServer}): write the
 * JSON, half-close, read the JSON answer. The JDK's Unix-domain channels suffice; its HTTP client
 * cannot use a Unix socket, and the exchange is one document each way.
 */
final class AgentClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentClient() {}

  static JsonNode call(Path socket, JsonNode request) throws CniPlugin.PluginError {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        ch.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        throw new CniPlugin.PluginError(100, "the netledger agent is not reachable on " + socket
            + " (is `netledger agent --cni-socket " + socket + "` running on this host?)", e.toString());
      }
      ByteBuffer out = ByteBuffer.wrap(JSON.writeValueAsBytes(request));
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.shutdownOutput();
      byte[] reply = Channels.newInputStream(ch).readAllBytes();
      if (reply.length == 0) {
        throw new CniPlugin.PluginError(100, "the netledger agent on " + socket + " closed without answering", "");
      }
      return JSON.readTree(reply);
    } catch (IOException e) {
      throw new CniPlugin.PluginError(100, "talking to the netledger agent on " + socket + " failed: " + e.getMessage(), "");
    }
  }
}
