package io.netledger.agent.dns;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.agent.resolv.ResolvConf;
import io.netledger.agent.resolv.ResolvConfWriter;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real thing in two network namespaces: a "host" with 169.254.169.250/32 on its side of a
 * veth and a "container" at 10.42.0.5 on the other. The servers run in a helper JVM started in the
 * host namespace ({@link NamespaceServerMain}); the container asks with {@code dig}, with plain
 * HTTP over bash's {@code /dev/tcp}, and reads its resolv.conf through {@code ip netns exec}.
 * Skipped (with the reason) when not root or without {@code ip}, {@code dig} or {@code bash}.
 */
class NamespaceDnsTest {
  private static final String META = "169.254.169.250";
  private static final String CONTAINER_IP = "10.42.0.5";

  @Test
  void containerResolvesReadsMetadataAndSeesItsResolvConf() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create network namespaces");
    for (String tool : List.of("/usr/sbin/ip", "/usr/bin/dig", "/bin/bash")) {
      assumeTrue(Files.isExecutable(Path.of(tool)), "needs " + tool);
    }
    String id = UUID.randomUUID().toString().substring(0, 8);
    String hostNs = "nlt-dns-" + id + "-h";
    String containerNs = "nlt-dns-" + id + "-c";
    List<String> created = new ArrayList<>();
    Process server = null;
    ResolvConfWriter writer = new ResolvConfWriter(ResolvConfWriter.PRODUCTION_ROOT, "nlt-test-" + id);
    try {
      run("ip", "netns", "add", hostNs);
      created.add(hostNs);
      run("ip", "netns", "add", containerNs);
      created.add(containerNs);
      // Created inside the namespaces, so no interface ever appears in the root namespace.
      run("ip", "-n", hostNs, "link", "add", "veth-c", "type", "veth", "peer", "name", "eth0", "netns", containerNs);
      run("ip", "-n", hostNs, "link", "set", "lo", "up");
      run("ip", "-n", containerNs, "link", "set", "lo", "up");
      run("ip", "-n", hostNs, "addr", "add", META + "/32", "dev", "veth-c");
      run("ip", "-n", hostNs, "link", "set", "veth-c", "up");
      run("ip", "-n", hostNs, "route", "add", CONTAINER_IP + "/32", "dev", "veth-c");
      run("ip", "-n", containerNs, "addr", "add", CONTAINER_IP + "/16", "dev", "eth0");
      run("ip", "-n", containerNs, "link", "set", "eth0", "up");
      run("ip", "-n", containerNs, "route", "add", META + "/32", "dev", "eth0");

      server = startServer(hostNs);

      String answer = run("ip", "netns", "exec", containerNs,
          "dig", "@" + META, Fixtures.HUBOT, "+short", "+time=3", "+tries=2");
      assertEquals(List.of("10.42.0.7", "10.42.0.8"), DnsServerTest.sortedLines(answer));
      String tcp = run("ip", "netns", "exec", containerNs,
          "dig", "@" + META, Fixtures.HUBOT, "+short", "+tcp", "+time=3", "+tries=2");
      assertEquals(List.of("10.42.0.7", "10.42.0.8"), DnsServerTest.sortedLines(tcp));

      String http = run("ip", "netns", "exec", containerNs, "timeout", "10", "bash", "-c",
          "exec 3<>/dev/tcp/" + META + "/80; printf 'GET /latest/self/container HTTP/1.0\\r\\nHost: "
              + META + "\\r\\n\\r\\n' >&3; cat <&3");
      assertTrue(http.startsWith("HTTP/1.0 200") || http.startsWith("HTTP/1.1 200"), http);
      io.vertx.core.json.JsonObject self = new io.vertx.core.json.JsonObject(http.substring(http.indexOf("\r\n\r\n") + 4));
      assertEquals("c-mongo", self.getString("containerId"), http);
      assertEquals(CONTAINER_IP, self.getString("ip"), http);

      String content = ResolvConf.render("nlt-test-" + id, META, Optional.of("rocket-chat"), Fixtures.DOMAIN);
      assertEquals(ResolvConfWriter.Outcome.WRITTEN, writer.write(containerNs, content));
      assertEquals(content.trim(), run("ip", "netns", "exec", containerNs, "cat", "/etc/resolv.conf"));
    } finally {
      if (server != null) {
        server.getOutputStream().close(); // the helper exits when its stdin closes
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      writer.remove(containerNs);
      for (String ns : created) {
        runQuietly("ip", "netns", "del", ns);
      }
    }
  }

  private static Process startServer(String hostNs) throws Exception {
    // Surefire runs tests from a manifest-only jar; the real class path is in this property.
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder("ip", "netns", "exec", hostNs, java, "-Xmx128m",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.util,org.apache.avro,io.netledger",
        "-cp", cp, NamespaceServerMain.class.getName(), META, CONTAINER_IP)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.equals("READY")) {
            return line;
          }
        }
        return "helper exited with " + p.waitFor();
      } catch (IOException | InterruptedException e) {
        return e.toString();
      }
    });
    String r;
    try {
      r = ready.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      r = "no READY within 60 s";
    }
    if (!r.equals("READY")) {
      p.destroyForcibly();
      fail("server helper did not start in " + hostNs + ": " + r);
    }
    return p;
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
      assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed: " + out);
      return out;
    } finally {
      p.destroyForcibly();
    }
  }

  private static void runQuietly(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // cleanup is best effort; the unique names keep leftovers from colliding with other runs
    }
  }
}
