package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netledger.avro.InputCoordinates;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An image renders to records and back (image -> records -> EMPTY), as a Streams store keeps it. */
class ImageRoundTripTest {
  @Test
  void theSeedImageSurvivesARoundTripThroughRecords() {
    MeshImage image = SeedScenarioTest.seed().image;
    assertNotEquals(MeshImage.EMPTY, image);
    assertEquals(image, MeshImage.fromRecords(image.toRecords()));
    assertEquals(image.hostState("H2"), MeshImage.fromRecords(image.toRecords()).hostState("H2"));
    assertEquals(image.generation("H2"), MeshImage.fromRecords(image.toRecords()).generation("H2"));
  }

  @Test
  void theStoreKeptFromImageChangesEqualsTheRenderedImage() {
    MeshLog log = SeedScenarioTest.seed();
    log.removeHost("H2").release("rocketchat-1").unclaim("managed", "10.42.0.0/26");
    Map<String, ImageRecord> rendered = new HashMap<>();
    log.image.toRecords().forEach(r -> rendered.put(r.storeKey(), r));
    assertEquals(rendered, log.store);
    assertEquals(log.image, MeshImage.fromRecords(log.store.values()));
  }

  @Test
  void aRestoredImageContinuesAsTheOriginalWould() {
    MeshLog log = SeedScenarioTest.seed();
    MeshImage restored = MeshImage.fromRecords(log.image.toRecords());
    log.claim("managed", "10.42.0.128/26", "H1");
    MeshDelta delta = new MeshDelta(restored);
    delta.replayBlock("managed/10.42.0.128/26", log.image.blocks().get("managed/10.42.0.128/26"),
        new InputCoordinates("netledger.ipam-blocks.v1", 0, 99L, null), Instant.EPOCH);
    assertEquals(log.image, delta.apply());
    assertEquals(log.last.stream().map(SliceChange::key).toList(),
        delta.changes().stream().map(SliceChange::key).toList());
    assertEquals(log.last.get(0).slice().getGeneration(), delta.changes().get(0).slice().getGeneration());
  }

  @Test
  void manyRecordsInOneDeltaGiveTheSameFactsAsOneDeltaEach() {
    MeshLog oneByOne = SeedScenarioTest.seed();
    MeshDelta batch = new MeshDelta(MeshImage.EMPTY);
    // Replaying the stored facts of the final image in one delta: the same facts, and each host
    // written once per slice (a batch collapses the intermediate states).
    for (ImageRecord r : oneByOne.image.toRecords()) {
      InputCoordinates at = new InputCoordinates("t", 0, 0L, null);
      if (r instanceof ImageRecord.Network n) {
        batch.replay(n.value().getNetworkId(), new io.netledger.avro.NetworkEvent("e", Instant.EPOCH, "t", n.value()), at);
      } else if (r instanceof ImageRecord.Host h) {
        batch.replay(h.value().getHostId(), new io.netledger.avro.HostEvent("e", Instant.EPOCH, "t", h.value()), at);
      } else if (r instanceof ImageRecord.HeldAddress a) {
        batch.replayAllocation(a.key(), a.value(), at, Instant.EPOCH);
      } else if (r instanceof ImageRecord.Block b) {
        batch.replayBlock(b.key(), b.value(), at, Instant.EPOCH);
      }
    }
    MeshImage image = batch.apply();
    assertEquals(oneByOne.image.facts, image.facts);
    assertEquals(oneByOne.image.hostState("H1"), image.hostState("H1"));
    assertEquals(7, batch.changes().size());
    assertEquals(List.of(), batch.rejections());
  }
}
