package io.netledger.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void oneCombinedNodeOnTheChosenAddress() {
    Properties p = KafkaBroker.properties("192.0.2.1", 9092, 9093, Path.of("/data/kafka"));
    assertEquals("broker,controller", p.getProperty("process.roles"));
    assertEquals("1@192.0.2.1:9093", p.getProperty("controller.quorum.voters"));
    assertEquals("PLAINTEXT://192.0.2.1:9092,CONTROLLER://192.0.2.1:9093", p.getProperty("listeners"));
    assertEquals("PLAINTEXT://192.0.2.1:9092", p.getProperty("advertised.listeners"));
    assertEquals("1", p.getProperty("transaction.state.log.min.isr"));
    assertEquals("0", p.getProperty("group.initial.rebalance.delay.ms"));
    assertEquals("false", p.getProperty("auto.create.topics.enable"));
  }

  @Test
  void ipv6AddressesAreBracketed() {
    Properties p = KafkaBroker.properties("::1", 9092, 9093, Path.of("/d"));
    assertEquals("PLAINTEXT://[::1]:9092", p.getProperty("advertised.listeners"));
  }

  @Test
  void theChildsClassPathIsAbsolute() {
    for (String entry : KafkaBroker.absoluteClassPath().split(File.pathSeparator)) {
      assertTrue(Path.of(entry).isAbsolute(), entry);
    }
  }
}
