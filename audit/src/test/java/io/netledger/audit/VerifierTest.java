package io.netledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.avro.BlockAffinity;
import io.netledger.avro.InputCoordinates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class VerifierTest {
  private static BlockAffinity block(String host) {
    return new BlockAffinity("n", "10.0.0.0/26", host, Instant.EPOCH, new InputCoordinates("t", 0, 1L, null));
  }

  @Test
  void namesMissingExtraChangedAndUndecodableKeysOnly() {
    Map<String, SpecificRecord> expected = Map.of("same", block("H1"), "changed", block("H1"), "missing", block("H1"));
    Map<String, SpecificRecord> found = Map.of("same", block("H1"), "changed", block("H2"), "extra", block("H3"));
    List<Difference> out = new ArrayList<>();
    int keys = Verifier.compare("blocks", expected, found, Map.of("corrupt", "undecodable at 0@7"), out);
    assertEquals(5, keys);
    assertEquals(List.of("changed", "corrupt", "extra", "missing"), out.stream().map(Difference::key).toList());
    assertEquals("H2", ((BlockAffinity) out.get(0).found()).getHostId());
    assertEquals("undecodable at 0@7", out.get(1).note());
    assertEquals(null, out.get(2).expected());
    assertEquals(null, out.get(3).found());
  }
}
