package io.netledger.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryProcessTest {

  @AfterEach
  void clear() {
    System.clearProperty(SchemaRegistryProcess.HOME_PROPERTY);
  }

  @Test
  void theSystemPropertyWinsWhenItHoldsTheRunJar(@TempDir Path dir) throws Exception {
    Files.createFile(dir.resolve("quarkus-run.jar"));
    System.setProperty(SchemaRegistryProcess.HOME_PROPERTY, dir.toString());
    assertEquals(Optional.of(dir.toAbsolutePath()), SchemaRegistryProcess.findHome());
  }

  @Test
  void aPropertyPointingAtNothingFindsNothing(@TempDir Path dir) {
    System.setProperty(SchemaRegistryProcess.HOME_PROPERTY, dir.toString());
    assertEquals(Optional.empty(), SchemaRegistryProcess.findHome());
  }

  /** The build unpacks Apicurio into cli/target/apicurio before tests run. */
  @Test
  void withoutThePropertyTheBuildsUnpackedCopyIsFound() {
    Optional<Path> home = SchemaRegistryProcess.findHome();
    assertTrue(home.isPresent());
    assertTrue(home.get().endsWith(Path.of("target", "apicurio")), home.get().toString());
  }
}
