package io.netledger.allocator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's settings: file keys, defaults, streams.* pass-through, and clear errors for bad values. */
class AllocatorAppConfigTest {
  @TempDir
  Path dir;

  @Test
  void readsAFileWithDefaultsAndStreamsOverrides() throws Exception {
    Path f = dir.resolve("a.properties");
    Files.writeString(f, "bootstrap.servers=127.0.0.1:9092\nregistry.url=mock://x\nhttp.port=0\n"
        + "streams.commit.interval.ms=50\nquarantine=8\n");
    AllocatorAppConfig c = AllocatorAppConfig.from(AllocatorAppConfig.load(f));
    assertEquals("127.0.0.1:9092", c.app().bootstrap());
    assertEquals(0, c.app().httpPort());
    assertEquals(8, c.quarantine());
    assertEquals(1, c.app().standbyReplicas());
    assertEquals("127.0.0.1", c.app().httpHost());
    assertEquals(AllocatorAppConfig.DEFAULT_APPLICATION_ID, c.app().applicationId());
    assertEquals("50", c.app().streamsOverrides().getProperty("commit.interval.ms"));
  }

  @Test
  void badValuesNameTheKey() {
    Properties p = new Properties();
    p.setProperty("registry.url", "mock://x");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AllocatorAppConfig.from(p)).getMessage()
        .contains("bootstrap.servers"));
    p.setProperty("bootstrap.servers", "b:1");
    p.setProperty("http.port", "seventy");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AllocatorAppConfig.from(p)).getMessage()
        .contains("http.port"));
    p.setProperty("http.port", "70000");
    assertThrows(IllegalArgumentException.class, () -> AllocatorAppConfig.from(p));
    p.setProperty("http.port", "1");
    p.setProperty("quarantine", "-1");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AllocatorAppConfig.from(p)).getMessage()
        .contains("quarantine"));
  }
}
