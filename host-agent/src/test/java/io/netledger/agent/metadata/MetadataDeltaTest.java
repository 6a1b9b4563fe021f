package io.netledger.agent.metadata;

import static io.netledger.agent.metadata.MetadataFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataDeltaTest {
  private final MetadataView image = golden();

  @Test
  void aChangeRaisesTheVersionOfItsNetworkOnly() {
    assertEquals(1, image.version(MANAGED));
    assertEquals(1, image.version(OTHER));
    MetadataDelta d = new MetadataDelta(image);
    d.replayAllocation("c-hubot-3", allocation(MANAGED, "c-hubot-3", "H1", "hubot-3", "hubot", "rocket-chat",
        "10.42.0.4", 5, Map.of()));
    MetadataView next = d.apply();
    assertEquals(2, next.version(MANAGED));
    assertEquals(1, next.version(OTHER));
    assertEquals(5, next.containersOf(MANAGED).size());
    assertEquals(4, image.containersOf(MANAGED).size(), "the image is unchanged");
  }

  @Test
  void releasedAndTombstonedContainersLeave() {
    MetadataDelta d = new MetadataDelta(image);
    d.replayAllocation("c-hubot-2", Allocation.newBuilder(HUBOT_2).setState(AllocationState.RELEASED).build());
    d.replayAllocation("c-secret", null);
    MetadataView next = d.apply();
    assertFalse(next.containersOf(MANAGED).containsKey("c-hubot-2"));
    assertTrue(next.containersOf(OTHER).isEmpty());
    assertEquals(2, next.version(OTHER));
    assertEquals("0=hubot-1\n", TreeFormat.text(TreeFormat.at(
        next.tree(MANAGED).services(NetworkTree.Shape.V1).get(0), java.util.List.of("containers")).orElseThrow()));
  }

  @Test
  void aRefusedRecordNamesItsKeyAndChangesNothing() {
    MetadataDelta d = new MetadataDelta(image);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.replayAllocation("c-x", Allocation.newBuilder(HUBOT_1).setOwnerId("c-x").setIp("not-ip").build()));
    assertTrue(e.getMessage().contains("c-x"));
    assertThrows(IllegalArgumentException.class, () -> d.replayAllocation("c-y", HUBOT_1));
    assertThrows(IllegalArgumentException.class, () -> d.replayHostState("H2/peer", wrap(peer(MANAGED, "H1", "h1",
        "192.0.2.11", Map.of()))));
    assertTrue(d.isEmpty());
    assertSame(image, d.apply());
  }

  @Test
  void theTreeIsBuiltOncePerViewAndNetwork() {
    assertSame(image.tree(MANAGED), image.tree(MANAGED));
    MetadataDelta d = new MetadataDelta(image);
    d.replayAllocation("c-secret", null);
    assertNotSame(image.tree(MANAGED), d.apply().tree(MANAGED));
  }

  @Test
  void aNewTreeReusesTheNodesOfWhatDidNotChange() {
    NetworkTree before = image.tree(MANAGED);
    MetadataDelta d = new MetadataDelta(image);
    d.replayAllocation("c-hubot-3", allocation(MANAGED, "c-hubot-3", "H1", "hubot-3", "hubot", "rocket-chat",
        "10.42.0.4", 5, Map.of("role", "bot")));
    NetworkTree after = d.apply().tree(MANAGED);
    assertSame(before.containers().get(0), after.containers().get(0), "rocketchat is the same node");
    assertEquals(5, after.containers().size());
    assertSame(before.services(NetworkTree.Shape.V2).get(1), after.services(NetworkTree.Shape.V2).get(1), "mongo");
    assertNotSame(before.services(NetworkTree.Shape.V2).get(0), after.services(NetworkTree.Shape.V2).get(0), "hubot");
    assertEquals(3, ((Map<?, ?>) after.services(NetworkTree.Shape.V2).get(0)).get("scale"));
  }
}
