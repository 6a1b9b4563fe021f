package io.netledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the README tells a newcomer to run is exactly what CI runs. */
class ReadmeTestCommandTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void readmesTestLineIsWhatCiRuns() throws Exception {
    List<String> run = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
        .map(String::strip).filter(l -> l.startsWith(".ci/install")).toList();
    assertEquals(1, run.size(), ".ci/run: " + run);
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md")).stream()
        .map(l -> l.replaceFirst("\\s+#.*$", "").strip())
        .filter(l -> l.startsWith(".ci/install") && l.contains("mvn")).toList();
    assertEquals(List.of(run.get(0)), readme);
    assertTrue(run.get(0).contains("./netledger doctor --for suite"), run.get(0));
  }
}
