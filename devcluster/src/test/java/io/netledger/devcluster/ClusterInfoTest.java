package io.netledger.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterInfoTest {

  @Test
  void writesJsonOtherProcessesCanReadBack(@TempDir Path dir) throws Exception {
    ClusterInfo info = new ClusterInfo("192.0.2.1:9092", "http://192.0.2.1:8081/apis/ccompat/v7");
    Path file = dir.resolve("sub").resolve(ClusterInfo.FILE_NAME);
    info.write(file);
    assertEquals(info, ClusterInfo.read(file));
    String json = Files.readString(file);
    assertTrue(json.contains("\"bootstrapServers\" : \"192.0.2.1:9092\""), json);
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }
}
