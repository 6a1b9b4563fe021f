package io.netledger.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CNI invocation exactly as the runtime made it, on the wire between the plugin script
 * ({@code host-agent/src/main/sh/netledger-cni}) and the agent, and the plugin's answer.
 *
 * <p>Request: the {@code CNI_*} environment as {@code KEY=VALUE} lines, an empty line, then the
 * network configuration from stdin, unchanged. Answer: the plugin's exit code on the first line,
 * then what it prints on stdout (the CNI result, or a CNI error object). Everything CNI asks of
 * a plugin beyond moving bytes (version negotiation, error objects, the result's cniVersion)
 * happens here, so the plugin is a few lines of POSIX sh and {@code socat}: it runs once per
 * call, and every millisecond it spends the container waits.
 */
public record CniCall(Map<String, String> env, JsonNode config) {
  public static final List<String> SUPPORTED_VERSIONS = List.of("1.0.0", "1.1.0");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Decodes a request; a malformed one is a {@link CniError} (spec code 6, cannot decode). */
  public static CniCall decode(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int split = text.startsWith("\n") ? 0 : text.indexOf("\n\n");
    if (split < 0) {
      throw new CniError(CniError.DECODE, "the request has no empty line between the CNI_* environment and the"
          + " network configuration", "");
    }
    Map<String, String> env = new HashMap<>();
    for (String line : text.substring(0, split).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    String body = text.substring(split == 0 ? 1 : split + 2);
    JsonNode config;
    try {
      config = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new CniError(CniError.DECODE, "cannot decode the network configuration on stdin: "
          + e.getMessage().lines().findFirst().orElse(""), "");
    }
    if (config == null || !config.isObject()) {
      throw new CniError(CniError.DECODE, "the network configuration on stdin is not a JSON object", "");
    }
    return new CniCall(env, config);
  }

  /** The configuration's {@code cniVersion}; 1.0.0 when it names none. */
  public String version() {
    JsonNode v = config.get("cniVersion");
    return v == null || !v.isTextual() ? "1.0.0" : v.asText();
  }

  /** The request the agent acts on, once the version allows the command. */
  public CniRequest request() {
    String command = env("CNI_COMMAND");
    if (!SUPPORTED_VERSIONS.contains(version())) {
      throw new CniError(CniError.INCOMPATIBLE_VERSION, "netledger-cni speaks CNI " + SUPPORTED_VERSIONS + ", not "
          + version(), "");
    }
    if (command == null) {
      throw new CniError(CniError.INVALID_ENV, "CNI_COMMAND is not set", "");
    }
    if ((command.equals("STATUS") || command.equals("GC")) && version().equals("1.0.0")) {
      throw new CniError(CniError.INCOMPATIBLE_VERSION, command + " needs CNI 1.1.0 (the configuration says "
          + version() + ")", "");
    }
    return new CniRequest(command, env("CNI_CONTAINERID"), env("CNI_NETNS"), env("CNI_IFNAME"), env("CNI_ARGS"),
        config);
  }

  private String env(String key) {
    String v = env.get(key);
    return v == null || v.isEmpty() ? null : v;
  }

  /** The answer: exit code line, then stdout. */
  public record Answer(int exitCode, String stdout) {
    public byte[] encode() {
      return (exitCode + "\n" + stdout).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Success; {@code result} (ADD's) is printed with this call's cniVersion, others print nothing. */
  public Answer ok(ObjectNode result) {
    if (result == null) {
      return new Answer(0, "");
    }
    ObjectNode out = JSON.createObjectNode().put("cniVersion", version());
    out.setAll(result);
    return new Answer(0, out.toString());
  }

  /** A CNI error object, exit code 1. */
  public static Answer error(String version, CniError e) {
    return new Answer(1, JSON.createObjectNode().put("cniVersion", version).put("code", e.code())
        .put("msg", e.getMessage()).put("details", e.details()).toString());
  }

  /** VERSION, should a caller ask the agent rather than the script. */
  public Answer versions() {
    ObjectNode v = JSON.createObjectNode().put("cniVersion", SUPPORTED_VERSIONS.contains(version()) ? version() : "1.1.0");
    SUPPORTED_VERSIONS.forEach(v.putArray("supportedVersions")::add);
    return new Answer(0, v.toString());
  }
}
