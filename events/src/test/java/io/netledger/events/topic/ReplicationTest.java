package io.netledger.events.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationTest {
  @Test
  void fitsTheClusterSize() {
    assertEquals(Replication.SINGLE, Replication.forBrokers(1));
    assertEquals(new Replication((short) 2, 1), Replication.forBrokers(2));
    assertEquals(Replication.CLUSTER, Replication.forBrokers(3));
    assertEquals(Replication.CLUSTER, Replication.forBrokers(7));
    assertThrows(IllegalArgumentException.class, () -> Replication.forBrokers(0));
    assertThrows(IllegalArgumentException.class, () -> new Replication((short) 1, 2));
  }

  @Test
  void everyCatalogueTopicIsCreatedWithTheFittedReplication() {
    for (Topic<?> t : Topics.all()) {
      var created = t.newTopic(Replication.CLUSTER);
      assertEquals(3, created.replicationFactor(), t.name());
      assertEquals("2", created.configs().get("min.insync.replicas"), t.name());
      assertEquals(t.partitions(), created.numPartitions(), t.name());
      assertEquals("1", t.configs(Replication.SINGLE).get("min.insync.replicas"), t.name());
      assertTrue(created.configs().entrySet().containsAll(t.configs().entrySet()), t.name());
    }
  }

  @Test
  void aTopicWithFewerReplicasThanAskedIsAFinding() {
    List<TopicCheck.Found> found = List.of(
        new TopicCheck.Found("netledger.containers.v1", 1, 1),
        new TopicCheck.Found("netledger.hosts.v1", 3, 1),
        new TopicCheck.Found("netledger.networks.v1", 3, 2));
    List<String> f = TopicCheck.findings(found, Replication.CLUSTER);
    assertEquals(2, f.size(), f.toString());
    assertTrue(f.get(0).contains("netledger.containers.v1") && f.get(0).contains("1 replica"), f.get(0));
    assertTrue(f.get(1).contains("netledger.hosts.v1") && f.get(1).contains("min.insync.replicas=1"), f.get(1));
    assertEquals(List.of(), TopicCheck.findings(found, Replication.SINGLE));
  }
}
