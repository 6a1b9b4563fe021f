package io.netledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.devcluster.world.JvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jvm.options, read by the ./netledger launcher and by the demo's and tests' child processes. */
class JvmOptionsTest {
  static final Path FILE = Path.of("src/main/resources/io/netledger/cli/jvm.options");

  @Test
  void everyLineNamesACommandThatExists() throws Exception {
    var commands = Main.commandLine().getSubcommands().keySet();
    for (String line : Files.readAllLines(FILE)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String command = line.strip().split("\\s+")[0];
        assertTrue(commands.contains(command), "jvm.options names no command: " + line);
      }
    }
  }

  @Test
  void theAgentRunsWithinItsBudget() {
    assertTrue(JvmOptions.of("agent").contains("-Xmx64m"), JvmOptions.of("agent").toString());
    assertEquals(List.of(), JvmOptions.of("publish"), "a command without a line runs with the JVM's defaults");
  }

  @Test
  void theLauncherReadsTheSameOptions() throws Exception {
    Process p = new ProcessBuilder("awk", "-v", "c=agent", "$1 == c { $1 = \"\"; print }", FILE.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor());
    assertEquals(String.join(" ", JvmOptions.of("agent")), out);
    assertTrue(Files.readString(Path.of("../netledger")).contains(
        "awk -v c=\"${1:-}\" '$1 == c { $1 = \"\"; print }' \"$here/cli/src/main/resources/io/netledger/cli/jvm.options\""),
        "the launcher reads jvm.options with the awk line above");
  }
}
