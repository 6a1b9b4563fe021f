package io.netledger.agent.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces a real-kernel test makes and always removes: names {@code nlt-<random>-<role>},
 * so parallel runs never collide; {@link #close()} deletes every one it made (their veths go with them).
 */
final class TestNet implements AutoCloseable {
  private final String prefix = "nlt-" + UUID.randomUUID().toString().substring(0, 6);
  private final List<String> made = new ArrayList<>();

  /** Null when real-kernel tests can run here, else the reason they are skipped. */
  static String unavailable() {
    try {
      if (!"0".equals(sh("id", "-u").strip())) {
        return "not root: network namespaces need CAP_NET_ADMIN";
      }
      sh("ip", "-V");
      sh("bridge", "-V");
      return null;
    } catch (RuntimeException e) {
      return "iproute2 missing (apt-get install -y iproute2 iputils-ping): " + e.getMessage();
    }
  }

  String namespace(String role) {
    String name = prefix + "-" + role;
    sh("ip", "netns", "add", name);
    made.add(name);
    sh("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  static String sh(String... argv) {
    Exec.Output out = run(argv);
    if (out.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " -> " + out.exitCode() + ": " + out.stderr());
    }
    return out.stdout();
  }

  static Exec.Output run(String... argv) {
    return Exec.run(List.of(argv), null, 60);
  }

  @Override
  public void close() {
    for (String ns : made) {
      try {
        new ProcessBuilder("ip", "netns", "del", ns).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        System.err.println("could not delete namespace " + ns + ": " + e);
      }
    }
    made.clear();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
