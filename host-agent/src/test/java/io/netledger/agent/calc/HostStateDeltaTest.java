package io.netledger.agent.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.avro.HostStateSlice;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostStateDeltaTest {
  @Test
  void replayBuildsTheImageAndTombstonesRemove() {
    Map<String, HostStateSlice> seed = Slices.h2("mongo", "hubot");
    HostStateDelta delta = HostStateImage.EMPTY.delta();
    seed.forEach(delta::replay);
    HostStateImage full = delta.apply();
    assertEquals(seed, full.slices());
    assertEquals(seed.values().stream().mapToLong(HostStateSlice::getGeneration).max().orElseThrow(),
        full.generation());

    HostStateImage less = full.delta().replay("H2/endpoint/c-hubot", null).apply();
    assertEquals(3, less.slices().size());
    assertEquals(full.generation(), less.generation());
    assertEquals(4, full.slices().size(), "images are immutable");
  }
}
