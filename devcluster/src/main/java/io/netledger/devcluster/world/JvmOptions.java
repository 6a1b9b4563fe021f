package io.netledger.devcluster.world;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM options of each netledger command, from {@code io/netledger/cli/jvm.options}: the
 * file the {@code ./netledger} launcher reads before it starts a JVM, so that a process started by
 * the demo or a test runs with the settings it has in production.
 */
public final class JvmOptions {
  static final String RESOURCE = "io/netledger/cli/jvm.options";

  private JvmOptions() {}

  /** The options for {@code command}; empty when the file has no line for it. */
  public static List<String> of(String command) {
    return read().getOrDefault(command, List.of());
  }

  static Map<String, List<String>> read() {
    InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is not on the classpath (it comes with netledger-cli)");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parse(r.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines of "command option..."; blank lines and lines starting with '#' are skipped. */
  static Map<String, List<String>> parse(List<String> lines) {
    Map<String, List<String>> options = new HashMap<>();
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] words = l.split("\\s+");
      options.put(words[0], List.of(Arrays.copyOfRange(words, 1, words.length)));
    }
    return options;
  }
}
