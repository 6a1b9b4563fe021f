package io.netledger.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.it.support.SharedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `netledger agent` refuses bad configuration with a message naming the problem, before touching the kernel. */
@ExtendWith(SharedCluster.class)
class AgentCommandTest {
  @Test
  void anUnreachableBrokerExitsOneNamingIt() throws Exception {
    String dead = "127.0.0.1:" + PublishCommandTest.deadPort();
    PublishCommandTest.Run r = PublishCommandTest.run("agent", "--host-id", "H9", "--underlay-ip", "127.0.0.9",
        "--timeout", "3s", "--bootstrap", dead, "--registry", SharedCluster.cluster().registryUrl());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains(dead) && r.err().contains("unreachable"), r.err());
  }

  @Test
  void anUnregisteredHostExitsOneSayingWhatToDo() {
    PublishCommandTest.Run r = PublishCommandTest.run("agent", "--host-id", "nobody-" + System.nanoTime(),
        "--underlay-ip", "127.0.0.9", "--bootstrap", SharedCluster.cluster().bootstrapServers(),
        "--registry", SharedCluster.cluster().registryUrl());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("is not registered") && r.err().contains("--register"), r.err());
  }

  @Test
  void aMissingHostIdIsUsage() {
    PublishCommandTest.Run r = PublishCommandTest.run("agent", "--underlay-ip", "127.0.0.9");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--host-id"), r.err());
  }
}
