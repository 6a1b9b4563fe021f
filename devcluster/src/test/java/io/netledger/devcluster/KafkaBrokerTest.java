package io.netledger.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
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
  void threeNodesAreThreeVotersAndReplicateInternalTopicsThreeTimes() {
    List<KafkaNode> all = List.of(new KafkaNode(1, "198.51.100.2", 9092, 9093, "nlk-1"),
        new KafkaNode(2, "198.51.100.3", 9092, 9093, "nlk-2"), new KafkaNode(3, "198.51.100.4", 9092, 9093, "nlk-3"));
    Properties p = KafkaBroker.properties(all.get(1), all, Path.of("/d"));
    assertEquals("2", p.getProperty("node.id"));
    assertEquals("1@198.51.100.2:9093,2@198.51.100.3:9093,3@198.51.100.4:9093", p.getProperty("controller.quorum.voters"));
    assertEquals("PLAINTEXT://198.51.100.3:9092", p.getProperty("advertised.listeners"));
    assertEquals("3", p.getProperty("offsets.topic.replication.factor"));
    assertEquals("3", p.getProperty("transaction.state.log.replication.factor"));
    assertEquals("2", p.getProperty("transaction.state.log.min.isr"));
    assertEquals("3", p.getProperty("default.replication.factor"));
    assertEquals("2", p.getProperty("min.insync.replicas"));
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
