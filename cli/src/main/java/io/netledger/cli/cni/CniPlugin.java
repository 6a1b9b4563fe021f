package io.netledger.cli.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code netledger-cni}: the CNI plugin (spec 1.0/1.1). The runtime execs it once per call with
 * {@code CNI_*} in the environment and the network configuration on stdin; it answers VERSION
 * itself and forwards everything else to the local agent's Unix socket ({@code "agentSocket"}
 * in the configuration, default {@value #DEFAULT_SOCKET}), which does the work. It prints the
 * result, or a CNI error ({@code code}, {@code msg}, {@code details}) and exits non-zero.
 *
 * <p>Configuration ({@code /etc/cni/net.d/netledger.conflist}, or podman's network_config_dir):
 * <pre>
 * {"cniVersion": "1.0.0", "name": "netledger",
 *  "plugins": [{"type": "netledger-cni", "networkId": "managed", "agentSocket": "/run/netledger/cni.sock"}]}
 * </pre>
 *
 * Deliberately small (JDK and Jackson only): it starts once per container and per call, so
 * every class it loads is start-up time the container waits for.
 */
public final class CniPlugin {
  public static final String DEFAULT_SOCKET = "/run/netledger/cni.sock";
  static final List<String> SUPPORTED = List.of("1.0.0", "1.1.0");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CniPlugin() {}

  public static void main(String[] args) throws IOException {
    int rc = run(System.getenv(), System.in, System.out);
    System.out.flush();
    System.exit(rc);
  }

  /** Runs one call; returns the exit code. Separate from main so tests can drive it. */
  public static int run(Map<String, String> env, InputStream stdin, PrintStream out) throws IOException {
    String command = env.get("CNI_COMMAND");
    String version = "1.0.0";
    try {
      JsonNode config = readConfig(stdin);
      if (config.hasNonNull("cniVersion")) {
        version = config.get("cniVersion").asText();
      }
      if ("VERSION".equals(command)) {
        ObjectNode v = JSON.createObjectNode().put("cniVersion", SUPPORTED.contains(version) ? version : "1.1.0");
        SUPPORTED.forEach(v.putArray("supportedVersions")::add);
        out.println(JSON.writeValueAsString(v));
        return 0;
      }
      if (!SUPPORTED.contains(version)) {
        throw new PluginError(1, "netledger-cni speaks CNI " + SUPPORTED + ", not " + version, "");
      }
      if (command == null) {
        throw new PluginError(4, "CNI_COMMAND is not set", "");
      }
      if ((command.equals("STATUS") || command.equals("GC")) && version.equals("1.0.0")) {
        throw new PluginError(1, command + " needs CNI 1.1.0 (the configuration says " + version + ")", "");
      }
      ObjectNode request = JSON.createObjectNode().put("command", command)
          .put("containerId", env.get("CNI_CONTAINERID")).put("netns", env.get("CNI_NETNS"))
          .put("ifName", env.get("CNI_IFNAME")).put("args", env.get("CNI_ARGS"));
      request.set("config", config);
      String socket = config.hasNonNull("agentSocket") ? config.get("agentSocket").asText() : DEFAULT_SOCKET;
      JsonNode reply = AgentClient.call(Path.of(socket), request);
      if (!reply.path("ok").asBoolean(false)) {
        throw new PluginError(reply.path("code").asInt(100), reply.path("msg").asText("the agent failed"),
            reply.path("details").asText(""));
      }
      if (command.equals("ADD")) {
        ObjectNode result = JSON.createObjectNode().put("cniVersion", version);
        result.setAll((ObjectNode) reply.get("result"));
        out.println(JSON.writeValueAsString(result));
      }
      return 0;
    } catch (PluginError e) {
      out.println(JSON.writeValueAsString(JSON.createObjectNode().put("cniVersion", version)
          .put("code", e.code).put("msg", e.getMessage()).put("details", e.details)));
      return 1;
    }
  }

  private static JsonNode readConfig(InputStream stdin) throws PluginError {
    try {
      byte[] raw = stdin.readAllBytes();
      if (raw.length == 0) {
        return JSON.createObjectNode();
      }
      JsonNode n = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
      if (n == null || !n.isObject()) {
        throw new PluginError(6, "the network configuration on stdin is not a JSON object", "");
      }
      return n;
    } catch (IOException e) {
      throw new PluginError(6, "cannot decode the network configuration on stdin: " + e.getMessage(), "");
    }
  }

  /** A CNI error to print: spec codes below 100, netledger's from 100. */
  static final class PluginError extends Exception {
    final int code;
    final String details;

    PluginError(int code, String msg, String details) {
      super(msg, null, false, false);
      this.code = code;
      this.details = details;
    }
  }
}
