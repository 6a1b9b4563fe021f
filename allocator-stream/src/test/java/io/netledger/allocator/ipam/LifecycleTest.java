package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.RejectionReason;
import io.netledger.events.topic.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Release, quarantine, restart, host loss, network deletion and DNS tombstones. */
class LifecycleTest {

  private static Script quarantined(int q) {
    Script s = new Script(new AllocatorConfig(q));
    s.network(TestInputs.network("n", "10.9.0.0/24", 26));
    s.host("H1");
    return s;
  }

  @Test
  void aReleasedAddressWaitsQFurtherAllocationsBeforeReuse() {
    Script s = quarantined(3);
    s.start("c1", "H1", "n"); // host .1, c1 .2
    s.start("keep", "H1", "n"); // .3; keeps H1 (and its host address) in the network; 3 allocations
    assertEquals(Decision.Outcome.APPLIED, s.stop("c1").outcome());
    assertEquals(AllocationState.RELEASED, s.allocation("c1").getState());
    assertEquals("10.9.0.2", s.allocation("c1").getIp());
    s.start("c2", "H1", "n");
    s.start("c3", "H1", "n");
    s.start("c4", "H1", "n");
    s.start("c5", "H1", "n"); // .2 was released at 3; 3 allocations later (c2..c4) it is free
    assertEquals(Map.of("host/H1/n", "10.9.0.1", "keep", "10.9.0.3", "c2", "10.9.0.4", "c3", "10.9.0.5",
        "c4", "10.9.0.6", "c5", "10.9.0.2"), s.addresses());
    assertEquals(0, s.image.networks().get("n").quarantine().size()); // expired entries are forgotten
  }

  @Test
  void aHostLeavingTheNetworkQuarantinesItsAddressToo() {
    Script s = quarantined(3);
    s.start("c1", "H1", "n");
    s.stop("c1"); // H1's last container: .1 (host) and .2 released at 2
    s.start("c2", "H1", "n");
    s.start("c3", "H1", "n");
    s.start("c4", "H1", "n"); // 5 allocations: .1 and .2 are free again
    assertEquals(Map.of("host/H1/n", "10.9.0.3", "c2", "10.9.0.4", "c3", "10.9.0.5", "c4", "10.9.0.1"),
        s.addresses());
  }

  @Test
  void theDefaultQuarantineKeepsAnAddressOutForSixtyFourAllocations() {
    Script s = quarantined(AllocatorConfig.DEFAULT_QUARANTINE);
    s.start("c1", "H1", "n");
    s.start("keep", "H1", "n"); // keeps H1 in the network
    s.remove("c1");
    for (int i = 0; i < 5; i++) {
      s.start("x" + i, "H1", "n");
    }
    assertFalse(s.addresses().containsValue("10.9.0.2"));
    assertEquals("10.9.0.4", s.addresses().get("x0"));
  }

  @Test
  void aRestartedContainerGetsItsAddressBackDespiteQuarantine() {
    Script s = quarantined(64);
    s.start("c1", "H1", "n");
    s.start("c2", "H1", "n");
    s.stop("c1");
    s.start("c3", "H1", "n");
    s.start("c1", "H1", "n");
    assertEquals(Map.of("host/H1/n", "10.9.0.1", "c1", "10.9.0.2", "c2", "10.9.0.3", "c3", "10.9.0.4"),
        s.addresses());
    // Removed means forgotten: a container with the same id is new and waits like anyone else.
    s.remove("c3");
    s.start("c3", "H1", "n");
    assertEquals("10.9.0.5", s.addresses().get("c3"));
  }

  @Test
  void aRepeatedStopReemitsTheReleasedAllocation() {
    Script s = quarantined(64);
    s.start("c1", "H1", "n");
    s.stop("c1");
    var released = s.allocation("c1");
    Decision d = s.stop("c1");
    assertEquals(Decision.Outcome.DUPLICATE, d.outcome());
    assertEquals(List.of(new OutputRecord(Topics.ALLOCATIONS.name(), "c1", released)), d.records());
  }

  @Test
  void theLastContainerOfAHostTakesItsHostAddressAndBlocksWithIt() {
    Script s = SeedScenarioTest.seed();
    Decision d = s.stop("c-rocketchat");
    assertNull(s.allocation("host/H1/managed"));
    assertEquals(Map.of("managed/10.42.0.64/26", "H2"), s.blocks());
    assertTrue(d.records().contains(new OutputRecord(Topics.IPAM_BLOCKS.name(), "managed/10.42.0.0/26", null)));
    assertTrue(d.records().contains(new OutputRecord(Topics.ALLOCATIONS.name(), "host/H1/managed", null)));
  }

  @Test
  void hostRemovalReleasesItsContainersAddressesAndBlocks() {
    Script s = SeedScenarioTest.seed();
    assertEquals(Decision.Outcome.APPLIED, s.removeHost("H2").outcome());
    assertEquals(AllocationState.RELEASED, s.allocation("c-mongo").getState());
    assertEquals(AllocationState.RELEASED, s.allocation("c-hubot").getState());
    assertEquals(Map.of("host/H1/managed", "10.42.0.1", "c-rocketchat", "10.42.0.2"), s.addresses());
    assertEquals(Map.of("managed/10.42.0.0/26", "H1"), s.blocks());
    assertEquals(List.of("managed/rocketchat-1.rancher.internal", "managed/rocketchat.rocket-chat.rancher.internal"),
        List.copyOf(s.dns().keySet()));
    assertEquals(RejectionReason.UNKNOWN_HOST, Script.rejection(s.start("c-new", "H2", "managed")).getReason());
    assertEquals(RejectionReason.UNKNOWN_HOST, Script.rejection(s.removeHost("H2")).getReason());
  }

  @Test
  void aNetworkWithLiveContainersCannotBeDeleted() {
    Script s = SeedScenarioTest.seed();
    Decision d = s.deleteNetwork("managed");
    assertEquals(RejectionReason.NETWORK_IN_USE, Script.rejection(d).getReason());
    assertTrue(Script.rejection(d).getMessage().contains("host/H1/managed"), Script.rejection(d).getMessage());
    s.remove("c-rocketchat");
    s.remove("c-mongo");
    s.stop("c-hubot");
    assertEquals(Decision.Outcome.APPLIED, s.deleteNetwork("managed").outcome());
    assertTrue(s.image.networks().isEmpty());
    assertTrue(s.blocks().isEmpty() && s.dns().isEmpty() && s.addresses().isEmpty());
    assertEquals(RejectionReason.UNKNOWN_NETWORK, Script.rejection(s.start("c-new", "H1", "managed")).getReason());
    assertEquals(RejectionReason.UNKNOWN_NETWORK, Script.rejection(s.deleteNetwork("managed")).getReason());
  }

  @Test
  void aNameIsTombstonedWhenItsLastAddressGoes() {
    Script s = SeedScenarioTest.seed();
    s.start(TestInputs.container("c-mongo-2", "mongo-2", "mongo", "rocket-chat", "H1", "managed"));
    assertEquals(List.of("10.42.0.3", "10.42.0.65"), s.dns().get("managed/mongo.rocket-chat.rancher.internal"));
    Decision d = s.stop("c-mongo");
    assertTrue(d.records().contains(new OutputRecord(Topics.DNS_RECORDS.name(), "managed/mongo-1.rancher.internal",
        null)));
    assertEquals(List.of("10.42.0.3"), s.dns().get("managed/mongo.rocket-chat.rancher.internal"));
    d = s.remove("c-mongo-2");
    assertTrue(d.records().contains(new OutputRecord(Topics.DNS_RECORDS.name(),
        "managed/mongo.rocket-chat.rancher.internal", null)));
    assertFalse(s.dns().containsKey("managed/mongo.rocket-chat.rancher.internal"));
  }

  @Test
  void aliasesAreUnderTheStackOrTheDomainAndLowerCase() {
    Script s = SeedScenarioTest.seed();
    ContainerStarted db = TestInputs.container("c-db", "DB-1", "db", "rocket-chat", "H1", "managed");
    db.setAliases(List.of("Primary", "store"));
    s.start(db);
    ContainerStarted solo = TestInputs.container("c-solo", "solo", null, null, "H1", "managed");
    solo.setAliases(List.of("lonely"));
    s.start(solo);
    var names = s.dns().keySet();
    assertTrue(names.containsAll(List.of("managed/db-1.rancher.internal", "managed/db.rocket-chat.rancher.internal",
        "managed/primary.rocket-chat.rancher.internal", "managed/store.rocket-chat.rancher.internal",
        "managed/solo.rancher.internal", "managed/lonely.rancher.internal")), names.toString());
    s.remove("c-db");
    assertFalse(s.dns().containsKey("managed/primary.rocket-chat.rancher.internal"));
  }
}
