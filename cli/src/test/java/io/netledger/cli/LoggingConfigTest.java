package io.netledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a clean run keeps off the user's terminal (see simplelogger.properties for why). */
class LoggingConfigTest {
  @Test
  void standbyAndReconnectWarningsAreNotShownButNetledgersOwnInfoIs() throws Exception {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/simplelogger.properties")) {
      p.load(in);
    }
    String prefix = "org.slf4j.simpleLogger.log.";
    assertEquals("error", p.getProperty(prefix
        + "org.apache.kafka.streams.processor.internals.assignment.DefaultStandbyTaskAssignor"));
    assertEquals("error", p.getProperty(prefix + "org.apache.kafka.clients.NetworkClient"));
    assertEquals("info", p.getProperty(prefix + "io.netledger"));
    assertEquals("warn", p.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
  }
}
