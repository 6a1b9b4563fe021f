package io.netledger.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void listsEachBrokerWithItsPidAndAddress(@TempDir Path dir) {
    ClusterInfo info = new ClusterInfo("198.51.100.2:9092,198.51.100.3:9092", "http://198.51.100.1:8081/apis/ccompat/v7",
        List.of(new ClusterInfo.Broker(1, "198.51.100.2:9092", 4242, "nlk-1"),
            new ClusterInfo.Broker(2, "198.51.100.3:9092", 4243, "nlk-2")));
    Path file = dir.resolve(ClusterInfo.FILE_NAME);
    info.write(file);
    assertEquals(info, ClusterInfo.read(file));
  }

  @Test
  void aFileWithoutBrokersStillReads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ClusterInfo.FILE_NAME);
    Files.writeString(file, "{\"bootstrapServers\": \"127.0.0.1:9092\", \"registryUrl\": \"http://127.0.0.1:8081\"}");
    assertEquals(new ClusterInfo("127.0.0.1:9092", "http://127.0.0.1:8081"), ClusterInfo.read(file));
  }
}
