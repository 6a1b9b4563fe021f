package io.netledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class UiCommandTest {
  @Test
  void aPortOutOfRangeIsAUsageError() {
    CliRun r = CliRun.of("ui", "--port", "70000", "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--port 70000"), r.err());
  }

  @Test
  void noClusterSaysWhatToDo() {
    CliRun r = CliRun.of("ui", "--data-dir", "target/no-such-dir");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("netledger dev up"), r.err());
  }

  @Test
  void aTakenPortIsARuntimeFailureNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun r = CliRun.of("ui", "--port", Integer.toString(taken.getLocalPort()), "--bootstrap", "127.0.0.1:1",
          "--registry", "http://127.0.0.1:1");
      assertEquals(1, r.exitCode(), r.err());
      assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
    }
  }

  @Test
  void helpNamesTheDefaults() {
    CliRun r = CliRun.of("ui", "--help");
    assertTrue(r.out().contains("127.0.0.1") && r.out().contains("8090"), r.out());
  }
}
