package io.netledger.agent.doctor;

import io.netledger.agent.ipsec.Charon;
import io.netledger.agent.ipsec.Swanctl;
import io.netledger.agent.kernel.Exec;
import io.netledger.agent.kernel.KernelException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real host. Scratch namespaces are named {@code nldoc-<pid>-<n>} and removed after each try;
 * a scratch charon runs with its files in a temporary directory, removed with it.
 */
public final class SystemProbes implements Probes {
  private static final long TIMEOUT_SECONDS = 10;
  private static final Pattern FAILED = Pattern.compile("plugin '([\\w-]+)': failed to load");
  private static final AtomicInteger SCRATCH = new AtomicInteger();

  private final boolean charonInScratchNetns;

  /** Tries kernel features and charon in scratch namespaces (the {@code doctor} command). */
  public SystemProbes() {
    this(true);
  }

  /**
   * @param charonInScratchNetns false for an agent checking itself: charon is tried in the
   *     agent's own namespace before the agent starts its real one there
   */
  public SystemProbes(boolean charonInScratchNetns) {
    this.charonInScratchNetns = charonInScratchNetns;
  }

  @Override
  public Optional<Path> which(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/sbin";
    return Arrays.stream(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
        .filter(Files::isExecutable).findFirst();
  }

  @Override
  public Run run(List<String> command) {
    try {
      Exec.Output out = Exec.run(command, null, TIMEOUT_SECONDS);
      return new Run(out.exitCode(), out.stdout() + out.stderr());
    } catch (KernelException e) {
      return new Run(-1, e.getMessage());
    }
  }

  @Override
  public Run inScratchNetns(List<String> command) {
    String ns = scratchName();
    Run add = run(List.of("ip", "netns", "add", ns));
    if (!add.ok()) {
      return new Run(-1, "cannot make a scratch network namespace: " + add.output().strip());
    }
    try {
      List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
      cmd.addAll(command);
      return run(cmd);
    } finally {
      run(List.of("ip", "netns", "delete", ns));
    }
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public boolean isRoot() {
    Run r = run(List.of("id", "-u"));
    return r.ok() && r.output().strip().equals("0");
  }

  @Override
  public CharonStart startCharon() {
    String ns = charonInScratchNetns ? scratchName() : null;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("netledger-doctor-charon-");
      if (ns != null) {
        Run add = run(List.of("ip", "netns", "add", ns));
        if (!add.ok()) {
          return new CharonStart(false, List.of(), List.of(), "cannot make a scratch namespace: " + add.output().strip());
        }
        run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"));
      }
      Charon charon = new Charon(dir, ns == null ? List.of() : List.of("ip", "netns", "exec", ns));
      Swanctl swanctl = new Swanctl(dir.resolve("swanctl.conf"), charon.strongswanConf(), charon.socket());
      try (charon) {
        try {
          charon.start(true, swanctl);
        } catch (IOException e) {
          return new CharonStart(false, List.of(), failed(dir), e.getMessage() + tail(dir.resolve("charon.log")));
        }
        Swanctl.Result stats = swanctl.stats();
        List<String> loaded = loaded(stats.output());
        return new CharonStart(true, loaded, failed(dir), loaded.isEmpty() ? firstLine(stats.output()) : "");
      }
    } catch (IOException | RuntimeException e) {
      return new CharonStart(false, List.of(), List.of(), String.valueOf(e.getMessage()));
    } finally {
      if (ns != null) {
        run(List.of("ip", "netns", "delete", ns));
      }
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  static List<String> loaded(String stats) {
    for (String line : stats.split("\n")) {
      String t = line.strip();
      if (t.startsWith("loaded plugins:")) {
        return List.of(t.substring("loaded plugins:".length()).strip().split("\\s+"));
      }
    }
    return List.of();
  }

  private static List<String> failed(Path dir) {
    List<String> out = new ArrayList<>();
    for (String f : List.of("charon.log", "charon.out")) {
      Path p = dir.resolve(f);
      try {
        if (Files.exists(p)) {
          Matcher m = FAILED.matcher(Files.readString(p));
          while (m.find()) {
            if (!out.contains(m.group(1))) {
              out.add(m.group(1));
            }
          }
        }
      } catch (IOException e) {
        // an unreadable log only loses detail
      }
    }
    return out;
  }

  private static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log);
      return "; log: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public boolean portFree(String address, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(address, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean connects(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public int httpGet(String url) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .GET().build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode();
    } catch (IOException | IllegalArgumentException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name));
  }

  private static String scratchName() {
    return "nldoc-" + ProcessHandle.current().pid() + "-" + SCRATCH.incrementAndGet();
  }

  private static String firstLine(String s) {
    return Doctor.firstLine(s);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
