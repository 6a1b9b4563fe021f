package io.netledger.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.AgentHealth;
import io.netledger.avro.Encryption;
import io.netledger.avro.RejectionReason;
import io.netledger.avro.TunnelHealth;
import io.netledger.events.topic.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The view replayed from golden event sequences: IMAGE + records = what the page shows. */
class InfraDeltaTest {
  @Test
  void theSeedShowsEachContainerUnderItsHostWithItsAddress() {
    InfraImage image = SeedLog.replay(SeedLog.seed().records());
    Map<String, JsonObject> all = ViewJson.all(image);
    JsonObject mongo = all.get("container:c-mongo");
    assertEquals("H2", mongo.getString("hostId"));
    assertEquals("10.42.0.66", mongo.getString("ip"));
    assertEquals("10.42.0.64/26", mongo.getString("block"));
    assertEquals("rocket-chat", mongo.getString("stack"));
    assertEquals("H1", all.get("container:c-rocketchat").getString("hostId"));
    JsonObject h2 = all.get("host:H2");
    assertEquals("198.51.100.3", h2.getString("underlayIp"));
    assertEquals(new JsonArray().add(new JsonObject().put("networkId", "managed").put("ip", "10.42.0.65")), h2.getJsonArray("tunnels"));
    assertEquals(5L, h2.getLong("desiredGeneration"));
    assertEquals(2L, h2.getLong("lag"), "H2 applied generation 3 of 5");
    assertEquals(0L, all.get("host:H1").getLong("lag"));
    assertEquals(3, all.keySet().stream().filter(k -> k.startsWith("container:")).count(), all.keySet().toString());
  }

  @Test
  void aNetworkShowsItsBlocksAndAddressesUsed() {
    JsonObject n = ViewJson.all(SeedLog.replay(SeedLog.seed().records())).get("network:managed");
    assertEquals("10.42.0.0/16", n.getString("cidr"));
    assertEquals(4242, n.getInteger("vni"));
    assertEquals("NONE", n.getString("encryption"));
    assertEquals(1024L, n.getLong("blocksTotal"));
    assertEquals(2, n.getInteger("blocksClaimed"));
    assertEquals(new JsonObject().put("H1", 1).put("H2", 1), n.getJsonObject("blocksByHost"));
    assertEquals(5, n.getInteger("held"), "three containers and two host addresses");
    assertEquals(3, n.getInteger("containers"));
    assertEquals(65534L, n.getLong("usable"));
  }

  @Test
  void theMeshHasOneEdgePerHostPairAndNetworkWithSaStateWhenEncrypted() {
    SeedLog l = SeedLog.seed();
    JsonObject plain = ViewJson.all(SeedLog.replay(l.records())).get("mesh");
    assertEquals(1, plain.getJsonArray("edges").size());
    JsonObject edge = plain.getJsonArray("edges").getJsonObject(0);
    assertEquals("H1", edge.getString("a"));
    assertEquals("H2", edge.getString("b"));
    assertTrue(edge.getBoolean("bothWays"));
    assertFalse(edge.getBoolean("encrypted"));
    assertEquals(2, plain.getJsonArray("nodes").size());

    l.network("managed", "10.42.0.0/16", 4242, Encryption.IPSEC);
    l.agent("H1", AgentHealth.HEALTHY, 4, List.of(new TunnelHealth("H2", "ESTABLISHED", "INSTALLED", 10L, 20L)));
    JsonObject sealed = ViewJson.all(SeedLog.replay(l.records())).get("mesh").getJsonArray("edges").getJsonObject(0);
    assertTrue(sealed.getBoolean("encrypted"));
    JsonArray sa = sealed.getJsonArray("sa");
    assertEquals("ESTABLISHED", sa.getJsonObject(0).getString("ike"));
    assertEquals("INSTALLED", sa.getJsonObject(0).getString("child"));
    assertEquals("DOWN", sa.getJsonObject(1).getString("ike"), "H2 reports no tunnel to H1");
  }

  @Test
  void aStoppedContainerLeavesAndOnlyWhatItTouchedChanges() {
    InfraImage before = SeedLog.replay(SeedLog.seed().records());
    SeedLog more = new SeedLog();
    more.release("c-hubot", "H2");
    InfraDelta d = before.delta();
    more.records().forEach(d::replay);
    InfraImage after = d.apply();
    assertNull(ViewJson.render(after, "container:c-hubot"));
    assertEquals(2, ViewJson.render(after, "network:managed").getInteger("containers"));
    assertEquals(java.util.Set.of("container:c-hubot", "network:managed", "log"), d.changed());
    assertTrue(before.allocations().containsKey("c-hubot"), "the image a delta started from never changes");
    assertEquals(ViewJson.render(before, "host:H1"), ViewJson.render(after, "host:H1"));
  }

  @Test
  void aRejectedDeleteKeepsTheNetworkAndARejectedConflictKeepsTheOriginal() {
    SeedLog l = SeedLog.seed();
    LogRecord delete = l.deleteNetwork("managed");
    assertNull(ViewJson.render(SeedLog.replay(l.records()), "network:managed"), "until the allocator says otherwise");
    l.reject(delete, RejectionReason.NETWORK_IN_USE, "managed has 3 containers");
    assertEquals("10.42.0.0/16", ViewJson.render(SeedLog.replay(l.records()), "network:managed").getString("cidr"));
    LogRecord conflict = l.network("managed", "10.99.0.0/16", 4242, Encryption.NONE);
    l.reject(conflict, RejectionReason.CONFLICTING_DUPLICATE, "managed exists with another CIDR");
    InfraImage image = SeedLog.replay(l.records());
    assertEquals("10.42.0.0/16", ViewJson.render(image, "network:managed").getString("cidr"));
    JsonObject rejections = ViewJson.render(image, "rejections");
    assertEquals(2L, rejections.getLong("count"));
    assertEquals("CONFLICTING_DUPLICATE", rejections.getJsonArray("last").getJsonObject(0).getString("reason"), "newest first");
  }

  @Test
  void aRejectionReadBeforeItsInputStillHidesIt() {
    SeedLog l = SeedLog.seed();
    InfraImage seed = SeedLog.replay(l.records());
    LogRecord conflict = l.network("managed", "10.99.0.0/16", 4242, Encryption.NONE);
    LogRecord rejection = l.reject(conflict, RejectionReason.CONFLICTING_DUPLICATE, "another CIDR");
    InfraDelta d = seed.delta();
    d.replay(rejection);
    d.replay(conflict);
    assertEquals("10.42.0.0/16", ViewJson.render(d.apply(), "network:managed").getString("cidr"));
  }

  @Test
  void peersLeaveOnTombstonesAndAgentsWithoutReportsHaveNoHealth() {
    SeedLog l = SeedLog.seed();
    l.tombstone(Topics.HOST_STATE.name(), "H1/peer/managed/H2");
    JsonObject edge = ViewJson.render(SeedLog.replay(l.records()), "mesh").getJsonArray("edges").getJsonObject(0);
    assertFalse(edge.getBoolean("bothWays"));
    l.tombstone(Topics.AGENT_STATUS.name(), "H2");
    JsonObject h2 = ViewJson.render(SeedLog.replay(l.records()), "host:H2");
    assertNull(h2.getValue("agent"));
    assertEquals(6L, h2.getLong("lag"), "no agent has applied anything of generation 5");
  }

  @Test
  void wrongValuesAreCountedAndNamedNotDropped() {
    SeedLog l = SeedLog.seed();
    l.add(Topics.ALLOCATIONS.name(), "x", new io.netledger.avro.KernelCapabilities(true, true, true, true));
    l.add("netledger.unknown.v1", "k", null);
    InfraDelta d = InfraImage.EMPTY.delta();
    l.records().forEach(d::replay);
    d.undecodable("netledger.hosts.v1/0@9", "Unknown magic byte!");
    JsonObject log = ViewJson.render(d.apply(), "log");
    assertEquals(3L, log.getLong("undecodable"));
    assertEquals("netledger.hosts.v1/0@9: Unknown magic byte!", log.getString("lastUndecodable"));
  }

  @Test
  void onlyTheLastFiftyRejectionsAreKeptButAllAreCounted() {
    SeedLog l = SeedLog.seed();
    LogRecord input = l.stopInput("c-x");
    for (int i = 0; i < 60; i++) {
      l.reject(input, RejectionReason.UNKNOWN_CONTAINER, "no container c-x #" + i);
    }
    JsonObject r = ViewJson.render(SeedLog.replay(l.records()), "rejections");
    assertEquals(60L, r.getLong("count"));
    assertEquals(InfraImage.REJECTIONS_KEPT, r.getJsonArray("last").size());
    assertEquals("no container c-x #59", r.getJsonArray("last").getJsonObject(0).getString("message"));
  }
}
