package io.netledger.support.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncleanStateTest {
  @TempDir
  Path state;

  private Path task(String id, boolean store, boolean checkpoint) throws Exception {
    Path t = Files.createDirectories(state.resolve("app").resolve(id));
    if (store) {
      Files.writeString(Files.createDirectories(t.resolve("rocksdb").resolve("image")).resolve("000001.sst"), "x");
    }
    if (checkpoint) {
      Files.writeString(t.resolve(UncleanState.CHECKPOINT), "0\n1\nt 0 5\n");
    }
    return t;
  }

  @Test
  void aStoreWithoutCheckpointIsWipedTheRestKept() throws Exception {
    Path crashed = task("1_0", true, false);
    Path clean = task("1_1", true, true);
    Path stateless = task("0_0", false, false);
    Path metadata = Files.writeString(state.resolve("app").resolve("kafka-streams-process-metadata"), "{}");
    Path lock = Files.writeString(state.resolve("app").resolve(".lock"), "");

    assertEquals(List.of("1_0"), UncleanState.wipe(state, "app"));

    assertFalse(Files.exists(crashed));
    assertTrue(Files.exists(clean.resolve("rocksdb")));
    assertTrue(Files.exists(stateless));
    assertTrue(Files.exists(metadata), "the process id stays: same transactional ids, the dead producer fenced");
    assertTrue(Files.exists(lock));
    assertEquals(List.of(), UncleanState.wipe(state, "app"), "nothing left to wipe");
  }

  @Test
  void noStateDirectoryIsNothingToDo() {
    assertEquals(List.of(), UncleanState.wipe(state, "never-started"));
  }
}
