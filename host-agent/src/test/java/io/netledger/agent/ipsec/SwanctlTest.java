package io.netledger.agent.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swanctl runner against stand-in binaries: output, exit codes, and one that hangs. */
class SwanctlTest {
  @TempDir
  Path dir;

  private Swanctl fake(String body) throws Exception {
    Path bin = dir.resolve("swanctl");
    Files.writeString(bin, "#!/bin/sh\n" + body + "\n");
    bin.toFile().setExecutable(true);
    return new Swanctl(bin.toString(), dir.resolve("swanctl.conf"), dir.resolve("strongswan.conf"),
        dir.resolve("charon.vici"));
  }

  @Test
  void passesTheSocketAndReturnsOutputAndExitCode() throws Exception {
    Swanctl s = fake("echo \"$@\"; echo \"conf=$STRONGSWAN_CONF\"; exit 3");
    Swanctl.Result r = s.run(List.of("--stats"), 5);
    assertEquals(3, r.exitCode());
    assertTrue(r.output().contains("--stats --uri unix://" + dir.resolve("charon.vici")), r.output());
    assertTrue(r.output().contains("conf=" + dir.resolve("strongswan.conf")), r.output());
  }

  @Test
  void aSwanctlThatHangsWithItsPipeOpenTimesOut() throws Exception {
    Swanctl s = fake("echo started; sleep 60");
    long t0 = System.nanoTime();
    Swanctl.Result r = s.run(List.of("--stats"), 1);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(-1, r.exitCode());
    assertTrue(r.output().contains("timed out after 1 s"), r.output());
    assertTrue(ms < 10_000, "returned after " + ms + " ms");
  }
}
