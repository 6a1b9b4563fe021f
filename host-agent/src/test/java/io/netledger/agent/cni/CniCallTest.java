package io.netledger.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plugin-to-agent wire form: decoding, version rules, and the answers the script prints. */
class CniCallTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static CniCall call(String text) {
    return CniCall.decode(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesTheEnvironmentAndTheConfigurationUnchanged() {
    CniCall c = call("CNI_COMMAND=ADD\nCNI_CONTAINERID=c1\nCNI_NETNS=/run/netns/x\nCNI_IFNAME=eth0\n"
        + "CNI_ARGS=IgnoreUnknown=1;IP=10.42.0.9\nCNI_PATH=\n\n{\"cniVersion\":\"1.1.0\",\"networkId\":\"managed\"}");
    CniRequest r = c.request();
    assertEquals("ADD", r.command());
    assertEquals("c1", r.containerId());
    assertEquals("/run/netns/x", r.netns());
    assertEquals("10.42.0.9", r.ip(), "a value may itself hold '='");
    assertEquals("managed", r.networkId());
    assertEquals("1.1.0", c.version());
  }

  @Test
  void emptyValuesAndAMissingConfigurationAreAbsentNotEmpty() {
    CniCall c = call("CNI_COMMAND=DEL\nCNI_CONTAINERID=c1\nCNI_NETNS=\n\n");
    assertNull(c.request().netns());
    assertEquals("1.0.0", c.version());
  }

  @Test
  void malformedRequestsAreDecodeErrors() {
    assertEquals(CniError.DECODE, assertThrows(CniError.class, () -> call("CNI_COMMAND=ADD")).code());
    assertEquals(CniError.DECODE, assertThrows(CniError.class, () -> call("CNI_COMMAND=ADD\n\n{nope")).code());
    assertEquals(CniError.DECODE, assertThrows(CniError.class, () -> call("CNI_COMMAND=ADD\n\n[1]")).code());
  }

  @Test
  void versionRules() {
    assertEquals(CniError.INCOMPATIBLE_VERSION, assertThrows(CniError.class,
        () -> call("CNI_COMMAND=ADD\n\n{\"cniVersion\":\"0.3.1\"}").request()).code());
    assertEquals(CniError.INCOMPATIBLE_VERSION, assertThrows(CniError.class,
        () -> call("CNI_COMMAND=GC\n\n{\"cniVersion\":\"1.0.0\"}").request()).code());
    assertEquals(CniError.INVALID_ENV, assertThrows(CniError.class, () -> call("\n{}").request()).code());
    assertEquals("GC", call("CNI_COMMAND=GC\n\n{\"cniVersion\":\"1.1.0\"}").request().command());
  }

  @Test
  void answersCarryTheExitCodeLineThenStdout() throws Exception {
    CniCall c = call("CNI_COMMAND=ADD\n\n{\"cniVersion\":\"1.1.0\"}");
    String ok = new String(c.ok(JSON.createObjectNode().put("x", 1)).encode(), StandardCharsets.UTF_8);
    assertTrue(ok.startsWith("0\n"), ok);
    JsonNode result = JSON.readTree(ok.substring(2));
    assertEquals("1.1.0", result.get("cniVersion").asText());
    assertEquals(1, result.get("x").asInt());
    assertEquals("0\n", new String(c.ok(null).encode(), StandardCharsets.UTF_8));
    String err = new String(CniCall.error("1.1.0", new CniError(101, "refused", "d")).encode(), StandardCharsets.UTF_8);
    assertTrue(err.startsWith("1\n"), err);
    assertEquals(101, JSON.readTree(err.substring(2)).get("code").asInt());
    assertEquals("1.1.0", JSON.readTree(c.versions().stdout()).get("cniVersion").asText());
  }
}
