package io.netledger.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code netledger doctor --json --for suite} on this machine: the suite needs every check, so each
 * is ok. Allowed warnings: no cluster configured (none is, on purpose), and a default port taken
 * by another engineer's running gateway or page (the tests themselves use free ports).
 */
class DoctorCommandTest {
  @Test
  void everySuiteCheckIsOkOnThisMachine() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int code = cl.execute("doctor", "--json", "--for", "suite", "--data-dir", "target/doctor-no-cluster");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    List<String> notOk = new ArrayList<>();
    for (JsonNode c : doc.get("checks")) {
      String verdict = c.get("verdict").asText();
      String what = c.get("what").asText();
      String detail = c.get("detail").asText();
      boolean allowed = verdict.equals("warn") && (what.equals("cluster") && detail.startsWith("none configured")
          || what.startsWith("port ") && detail.startsWith("taken"));
      if (!verdict.equals("ok") && !allowed) {
        notOk.add(verdict + "  " + what + "  " + detail);
      }
    }
    System.out.printf("doctor --for suite: %d checks in %d ms%n", doc.get("checks").size(), millis);
    assertEquals(List.of(), notOk, out.toString());
    assertEquals(0, code, err.toString());
    assertEquals("suite", doc.get("scope").asText());
    for (String needed : List.of("charon", "ESP", "kernel: vxlan", "/dev/net/tun", "registry java", "chromedriver",
        "podman", "CNI plugins")) {
      assertTrue(doc.toString().contains("\"what\":\"" + needed + "\""), needed + " checked: " + doc);
    }
  }
}
