package io.netledger.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.runtime.LoopThread;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code netledger agent} exits 1 when its loop dies, 0 when the loop was closed. */
class AgentCommandExitTest {
  @Test
  void aLoopThatThrowsMakesTheAgentExitOneNamingTheCause() throws Exception {
    LoopThread loop = LoopThread.start(() -> {
      throw new IllegalArgumentException("blank netns in host-state H1/endpoint/c1");
    }, "H1");
    StringWriter err = new StringWriter();
    AtomicBoolean closed = new AtomicBoolean();
    int rc = AgentCommand.awaitLoop(loop::join, loop::failure, () -> closed.set(true), "H1", new PrintWriter(err));
    assertEquals(1, rc);
    assertTrue(err.toString().contains("the loop of H1 died") && err.toString().contains("blank netns"), err.toString());
    assertTrue(closed.get(), "the agent is closed before exiting");
  }

  @Test
  void aLoopThatEndsBecauseItWasClosedExitsZero() throws Exception {
    LoopThread loop = LoopThread.start(() -> { }, "H1");
    StringWriter err = new StringWriter();
    AtomicBoolean closed = new AtomicBoolean();
    assertEquals(0, AgentCommand.awaitLoop(loop::join, loop::failure, () -> closed.set(true), "H1", new PrintWriter(err)));
    assertEquals("", err.toString());
  }
}
