package io.netledger.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.devcluster.SchemaRegistryProcess;
import io.netledger.it.support.SharedCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A JVM that runs a DevCluster takes its broker and registry down with it: when interrupted
 * (SIGINT, as Ctrl-C) through DevCluster's shutdown hook, when killed (SIGKILL) because each child
 * watches its parent.
 */
class ShutdownHookTest {

  @Test
  void ctrlCStopsTheClusterItStarted() throws Exception {
    // SIGINT, which is what Ctrl-C sends; Java runs its shutdown hooks on it.
    stopsWithItsJvm("INT");
  }

  /** SIGKILL runs no hook: the children notice their parent is gone (ParentWatch) and exit. */
  @Test
  void aKilledJvmLeavesNoOrphans() throws Exception {
    stopsWithItsJvm("KILL");
  }

  private static void stopsWithItsJvm(String signal) throws Exception {
    Path dir = SharedCluster.dataDir("hook-" + signal + "-");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String apicurio = SchemaRegistryProcess.findHome().orElseThrow().toString();
    Process jvm = new ProcessBuilder(List.of(java, "-Xmx128m",
        "-D" + SchemaRegistryProcess.HOME_PROPERTY + "=" + apicurio,
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        ClusterMain.class.getName(), dir.toString()))
        .redirectError(dir.resolve("main.err").toFile())
        .start();
    List<ProcessHandle> children;
    int brokerPort;
    int registryPort;
    try {
      String ready = readyLine(jvm);
      assertNotNull(ready, "the cluster JVM exited before READY; see " + dir.resolve("main.err"));
      String[] parts = ready.split(" ");
      children = List.of(handle(parts[1]), handle(parts[2]));
      brokerPort = Integer.parseInt(parts[3]);
      registryPort = Integer.parseInt(parts[4]);
      children.forEach(c -> assertTrue(c.isAlive()));

      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(jvm.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the cluster JVM did not exit on SIG" + signal);
    } finally {
      jvm.destroyForcibly();
    }
    for (ProcessHandle c : children) {
      try {
        c.onExit().get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        c.destroyForcibly(); // do not leak it into the next tests; the assertion below reports it
      }
      assertFalse(c.isAlive(), "child " + c.pid() + " survived its JVM (SIG" + signal + ")");
    }
    assertFalse(Sockets.accepts("127.0.0.1", brokerPort));
    assertFalse(Sockets.accepts("127.0.0.1", registryPort));
  }

  private static String readyLine(Process jvm) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("READY ")) {
        return line;
      }
    }
    return null;
  }

  private static ProcessHandle handle(String pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(pid));
    assertTrue(h.isPresent(), "process " + pid + " exists");
    return h.get();
  }
}
