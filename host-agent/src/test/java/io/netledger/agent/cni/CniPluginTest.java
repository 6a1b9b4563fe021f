package io.netledger.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.agent.cni.Attachments;
import io.netledger.agent.cni.CniService;
import io.netledger.agent.cni.CniSocketServer;
import io.netledger.agent.cni.EndpointWatch;
import io.netledger.agent.kernel.FakeKernel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin script ({@code src/main/sh/netledger-cni}) as a runtime runs it: env + stdin in, CNI
 * JSON and exit code out, over a real socket to a real {@link CniSocketServer}.
 */
class CniPluginTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private CniSocketServer server;
  private EndpointWatch watch;

  @BeforeEach
  void start() {
    watch = new EndpointWatch();
    CniService service = new CniService("H1", p -> {
      throw new IllegalStateException("broker down");
    }, watch, (t, p, o) -> Optional.empty(), new FakeKernel(), new Attachments(dir.resolve("state")), Duration.ofMillis(200));
    server = CniSocketServer.start(dir.resolve("cni.sock"), service);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Run(int rc, JsonNode out) {}

  private Run run(String command, String version, String socket, String... env) throws Exception {
    Map<String, String> e = new HashMap<>(Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "c1",
        "CNI_NETNS", "/run/netns/netns-c1", "CNI_IFNAME", "eth0", "CNI_PATH", "/usr/lib/cni"));
    for (int i = 0; i < env.length; i += 2) {
      e.put(env[i], env[i + 1]);
    }
    String config = "{\"cniVersion\":\"" + version + "\",\"name\":\"netledger\",\"type\":\"netledger-cni\","
        + "\"networkId\":\"managed\",\"agentSocket\":\"" + socket + "\"}";
    ProcessBuilder pb = new ProcessBuilder(Path.of("src/main/sh/netledger-cni").toAbsolutePath().toString());
    pb.environment().putAll(e);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    p.getOutputStream().write(config.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    return new Run(rc, text.isBlank() ? null : JSON.readTree(text));
  }

  private String socket() {
    return server.path().toString();
  }

  @Test
  void versionIsAnsweredWithoutTheAgent() throws Exception {
    Run r = run("VERSION", "1.0.0", "/nonexistent.sock");
    assertEquals(0, r.rc());
    assertEquals("1.0.0", r.out().get("cniVersion").asText());
    assertTrue(r.out().get("supportedVersions").toString().contains("1.1.0"));
  }

  @Test
  void unsupportedVersionIsCode1() throws Exception {
    Run r = run("ADD", "0.3.1", socket());
    assertEquals(1, r.rc());
    assertEquals(1, r.out().get("code").asInt());
  }

  @Test
  void unreachableAgentIsCode100WithAReadableMessage() throws Exception {
    Run r = run("ADD", "1.0.0", dir.resolve("none.sock").toString());
    assertEquals(1, r.rc());
    assertEquals(100, r.out().get("code").asInt());
    assertTrue(r.out().get("msg").asText().contains("not reachable"), r.out().toString());
  }

  @Test
  void addWhoseEventTheLogRefusesIsCode103() throws Exception {
    Run r = run("ADD", "1.0.0", socket(), "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web");
    assertEquals(1, r.rc());
    assertEquals(103, r.out().get("code").asInt(), r.out().toString());
    assertTrue(r.out().get("msg").asText().contains("broker down"));
  }

  @Test
  void delOfAnUnknownContainerSucceedsSilently() throws Exception {
    Run r = run("DEL", "1.0.0", socket());
    assertEquals(0, r.rc());
    assertEquals(null, r.out());
  }

  @Test
  void statusNeedsCni11AndReportsCatchUp() throws Exception {
    assertEquals(1, run("STATUS", "1.0.0", socket()).rc());
    Run notReady = run("STATUS", "1.1.0", socket());
    assertEquals(50, notReady.out().get("code").asInt());
    watch.onCaughtUp();
    assertEquals(0, run("STATUS", "1.1.0", socket()).rc());
  }

  @Test
  void aConfigurationThatIsNotJsonIsCode6() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of("src/main/sh/netledger-cni").toAbsolutePath().toString());
    pb.environment().put("CNI_COMMAND", "ADD");
    pb.environment().put("NETLEDGER_UNUSED", "x");
    Process p = pb.start();
    p.getOutputStream().write(("{\"agentSocket\":\"" + socket() + "\", oops").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    JsonNode out = JSON.readTree(p.getInputStream().readAllBytes());
    assertEquals(1, p.waitFor());
    assertEquals(6, out.get("code").asInt(), out.toString());
  }

  @Test
  void gcWithNothingRecordedSucceeds() throws Exception {
    assertEquals(0, run("GC", "1.1.0", socket()).rc());
  }
}
