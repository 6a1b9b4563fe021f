package io.netledger.agent.doctor;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's preflight checks, in the spirit of {@code kubeadm}'s preflight and {@code calicoctl
 * node checksystem}: each check tries the thing (a program's version, a kernel feature in a scratch
 * namespace, charon loading its plugins) through {@link Probes} and says ok, warn or fail with the
 * Debian package that fixes it. Pure apart from the probes, so every verdict is unit-tested with
 * a fake.
 */
public final class Doctor {
  /** How much a host needs: an agent host; + what a developer runs; + what the test suite uses. */
  public enum Scope {
    AGENT, DEV, SUITE;

    public static Optional<Scope> parse(String s) {
      for (Scope v : values()) {
        if (v.name().equalsIgnoreCase(s)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }

  /** Where the cluster is, if anyone said (cluster.json or --bootstrap/--registry); the ports dev uses. */
  public record Settings(Optional<String> bootstrap, Optional<String> registry, List<Integer> devPorts) {
    public static Settings none() {
      return new Settings(Optional.empty(), Optional.empty(), List.of());
    }
  }

  /** A program, the package that ships it, how to ask its version (empty: only presence). */
  record Program(String name, String debianPackage, List<String> versionArgs, String usedFor) {}

  /** What the agent execs (kernel drivers, IPsec, the CNI plugin script). */
  static final List<Program> AGENT_PROGRAMS = List.of(
      new Program("ip", "iproute2", List.of("-V"), "the kernel driver"),
      new Program("bridge", "iproute2", List.of("-V"), "FDB entries"),
      new Program("sysctl", "procps", List.of("--version"), "proxy ARP and forwarding"),
      new Program("nsenter", "util-linux", List.of("--version"), "container namespaces"),
      new Program("unshare", "util-linux", List.of("--version"), "charon's private /run"),
      new Program("mount", "mount", List.of("--version"), "charon's private /run"),
      new Program("swanctl", "strongswan-swanctl", List.of("--version"), "IPsec"),
      new Program("socat", "socat", List.of("-V"), "the CNI plugin script"),
      new Program("nft", "nftables", List.of("--version"), "nftables rules"));

  /** What the demo and a developer use besides the agent's programs. */
  static final List<Program> DEV_PROGRAMS = List.of(
      new Program("openssl", "openssl", List.of("version"), "test and demo certificates"),
      new Program("ping", "iputils-ping", List.of("-V"), "the walkthrough"),
      new Program("traceroute", "traceroute", List.of("--version"), "the walkthrough"),
      new Program("dig", "dnsutils", List.of("-v"), "the walkthrough"),
      new Program("curl", "curl", List.of("--version"), "the walkthrough"));

  /** What the integration tests use. */
  static final List<Program> SUITE_PROGRAMS = List.of(
      new Program("tcpdump", "tcpdump", List.of("--version"), "the ESP-on-the-wire tests"),
      new Program("iperf3", "iperf3", List.of("--version"), "EncryptedMeshBench"),
      new Program("podman", "podman", List.of("--version"), "PodmanCniTest"),
      new Program("runc", "runc", List.of("--version"), "podman's runtime"),
      new Program("conmon", "conmon", List.of("--version"), "podman's monitor"),
      new Program("catatonit", "catatonit", List.of("--version"), "podman's init"),
      new Program("newuidmap", "uidmap", List.of(), "podman"),
      new Program("busybox", "busybox-static", List.of(), "podman's test image"),
      new Program("chromium", "chromium", List.of("--version"), "the Infrastructure page tests"),
      new Program("chromedriver", "chromium-driver", List.of("--version"), "the Infrastructure page tests"));

  static final List<String> CHARON_PATHS = List.of("/usr/lib/ipsec/charon", "/usr/libexec/ipsec/charon");
  static final List<String> LIBIPSEC_PLUGIN = List.of(
      "/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so",
      "/usr/lib/x86_64-linux-gnu/ipsec/plugins/libstrongswan-kernel-libipsec.so");
  /** The plugins the agent's strongswan.conf loads, and the package that ships each. */
  static final List<String> STANDARD_PLUGINS = List.of("openssl", "gcm", "pem", "pkcs1", "pkcs8", "x509", "pubkey");
  static final String REGISTRY_JAVA_ENV = "NETLEDGER_REGISTRY_JAVA";
  static final String REGISTRY_DEFAULT_JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
  static final List<String> OTHER_JAVAS = List.of("/usr/lib/jvm/java-25-openjdk-amd64/bin/java",
      "/usr/lib/jvm/java-21-openjdk-amd64/bin/java", "/usr/lib/jvm/temurin-21-jdk-amd64/bin/java");
  static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "loopback");

  private final Probes probes;

  public Doctor(Probes probes) {
    this.probes = probes;
  }

  public List<Check> run(Scope scope, Settings settings) {
    List<Check> out = new ArrayList<>(agent());
    if (scope != Scope.AGENT) {
      out.addAll(dev(settings));
    }
    if (scope == Scope.SUITE) {
      out.addAll(suite());
    }
    return out;
  }

  /** What a host running an agent needs. */
  public List<Check> agent() {
    List<Check> out = new ArrayList<>();
    out.add(probes.isRoot() ? Check.ok("root", "running as root")
        : Check.fail("root", "the agent programs the kernel: run as root (or with CAP_NET_ADMIN and CAP_SYS_ADMIN)"));
    out.add(probes.exists(Path.of("/dev/net/tun")) ? Check.ok("/dev/net/tun", "present (libipsec's TUN device)")
        : Check.fail("/dev/net/tun", "missing: load the tun module (modprobe tun) or give the container the device;"
            + " encrypted networks need it"));
    for (Program p : AGENT_PROGRAMS) {
      out.add(program(p));
    }
    out.add(kernel("kernel: veth", List.of("ip", "link", "add", "nldoc0", "type", "veth", "peer", "name", "nldoc1"),
        "veth pairs are how containers attach"));
    out.add(kernel("kernel: vxlan", List.of("ip", "link", "add", "nldoc0", "type", "vxlan", "id", "16777215",
        "dstport", "4789", "nolearning"), "the overlay needs the vxlan module (modprobe vxlan)"));
    out.add(kernel("kernel: policy routing", List.of("ip", "rule", "add", "iif", "lo", "table", "4242",
        "priority", "4242"), "networks are isolated by policy rules (CONFIG_IP_MULTIPLE_TABLES)"));
    out.add(kernel("kernel: nftables", List.of("nft", "add", "table", "inet", "nldoctor"),
        "published ports and egress need nf_tables (modprobe nf_tables; package nftables)"));
    out.add(esp());
    out.add(charon());
    return out;
  }

  /**
   * What an agent checks about its own host at start-up, cheaply and without scratch namespaces:
   * root, the TUN device, the programs it execs and, when it is to encrypt, charon with its crypto.
   */
  public List<Check> agentStartup(boolean encrypts) {
    List<Check> out = new ArrayList<>();
    out.add(probes.isRoot() ? Check.ok("root", "running as root")
        : Check.fail("root", "the agent programs the kernel: run as root (or with CAP_NET_ADMIN and CAP_SYS_ADMIN)"));
    for (Program p : AGENT_PROGRAMS) {
      if (encrypts || !p.debianPackage().startsWith("strongswan")) {
        out.add(program(p));
      }
    }
    if (encrypts) {
      out.add(charon());
    }
    return out;
  }

  /** + what a developer runs: the registry's Java, the default ports, the configured cluster. */
  public List<Check> dev(Settings settings) {
    List<Check> out = new ArrayList<>();
    for (Program p : DEV_PROGRAMS) {
      out.add(program(p));
    }
    out.add(registryJava());
    for (int port : settings.devPorts()) {
      out.add(probes.portFree("127.0.0.1", port) ? Check.ok("port " + port, "free on 127.0.0.1")
          : Check.warn("port " + port, "taken on 127.0.0.1 (another netledger running?); pass --port to use another"));
    }
    out.addAll(cluster(settings));
    return out;
  }

  /** + what the integration tests use. */
  public List<Check> suite() {
    List<Check> out = new ArrayList<>();
    for (Program p : SUITE_PROGRAMS) {
      out.add(program(p));
    }
    List<String> missing = CNI_PLUGINS.stream()
        .filter(n -> !probes.exists(Path.of("/usr/lib/cni", n))).toList();
    out.add(missing.isEmpty() ? Check.ok("CNI plugins", "/usr/lib/cni has " + String.join(", ", CNI_PLUGINS))
        : Check.fail("CNI plugins", "/usr/lib/cni lacks " + String.join(", ", missing)
            + ": install containernetworking-plugins"));
    return out;
  }

  Check program(Program p) {
    Optional<Path> path = probes.which(p.name());
    if (path.isEmpty()) {
      return Check.fail(p.name(), "not found on PATH (" + p.usedFor() + "): install " + p.debianPackage());
    }
    if (p.versionArgs().isEmpty()) {
      return Check.ok(p.name(), path.get().toString());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(path.get().toString());
    cmd.addAll(p.versionArgs());
    Probes.Run r = probes.run(cmd);
    String version = versionLine(r.output());
    if (r.exitCode() < 0) {
      return Check.fail(p.name(), path.get() + " does not run (" + version + "): reinstall " + p.debianPackage());
    }
    return Check.ok(p.name(), version.isEmpty() ? path.get().toString() : version);
  }

  Check kernel(String what, List<String> command, String why) {
    if (probes.which(command.get(0)).isEmpty()) {
      return Check.fail(what, "not tried: " + command.get(0) + " is missing");
    }
    Probes.Run r = probes.inScratchNetns(command);
    return r.ok() ? Check.ok(what, "works in a scratch network namespace")
        : Check.fail(what, why + "; `" + String.join(" ", command) + "` said: " + firstLine(r.output()));
  }

  /** Kernel ESP, else libipsec: one of them is needed for encrypted networks. */
  Check esp() {
    Probes.Run r = probes.which("ip").isEmpty() ? new Probes.Run(-1, "ip is missing")
        : probes.inScratchNetns(List.of("ip", "xfrm", "state", "add", "src", "127.0.0.254", "dst", "127.0.0.253",
            "proto", "esp", "spi", "0x4e4c0002", "mode", "tunnel", "aead", "rfc4106(gcm(aes))",
            "0x0102030405060708090a0b0c0d0e0f1011121314", "128"));
    if (r.ok()) {
      return Check.ok("ESP", "the kernel has ESP (xfrm)");
    }
    boolean plugin = LIBIPSEC_PLUGIN.stream().anyMatch(p -> probes.exists(Path.of(p)));
    return plugin ? Check.ok("ESP", "no kernel ESP; strongSwan's kernel-libipsec (userspace ESP) is installed")
        : Check.fail("ESP", "no kernel ESP and no kernel-libipsec plugin: install libcharon-extra-plugins");
  }

  /** The check that would have caught charon without its crypto: start one and see what it loaded. */
  Check charon() {
    if (CHARON_PATHS.stream().noneMatch(p -> probes.exists(Path.of(p)))) {
      return Check.fail("charon", "not installed (encrypted networks): install strongswan-charon");
    }
    if (probes.which("swanctl").isEmpty()) {
      return Check.fail("charon", "not tried: swanctl is missing (install strongswan-swanctl)");
    }
    Probes.CharonStart s = probes.startCharon();
    List<String> missing = STANDARD_PLUGINS.stream().filter(p -> !s.loadedPlugins().contains(p)).toList();
    if (!s.failedPlugins().isEmpty() || (s.started() && !missing.isEmpty())) {
      List<String> bad = new ArrayList<>(s.failedPlugins());
      missing.stream().filter(m -> !bad.contains(m)).forEach(bad::add);
      return Check.fail("charon", "charon cannot load its crypto plugins (" + String.join(", ", bad)
          + "): install libstrongswan-standard-plugins");
    }
    if (!s.started()) {
      return Check.fail("charon", "charon does not start in a scratch namespace: " + s.detail());
    }
    if (!s.loadedPlugins().contains("kernel-libipsec")) {
      return Check.warn("charon", "started, but without kernel-libipsec (install libcharon-extra-plugins)"
          + " ; fine only where the kernel has ESP");
    }
    return Check.ok("charon", "starts with its crypto and kernel-libipsec (" + s.loadedPlugins().size() + " plugins)");
  }

  Check registryJava() {
    Optional<String> env = probes.env(REGISTRY_JAVA_ENV).filter(s -> !s.isBlank());
    String java = env.orElse(REGISTRY_DEFAULT_JAVA);
    String what = "registry java";
    if (!probes.exists(Path.of(java))) {
      Optional<String> other = OTHER_JAVAS.stream().filter(j -> probes.exists(Path.of(j))).findFirst();
      return Check.fail(what, java + " not found; the schema registry needs Java 21+: "
          + other.map(o -> "set " + REGISTRY_JAVA_ENV + "=" + o)
              .orElse("install openjdk-21-jre-headless and set " + REGISTRY_JAVA_ENV));
    }
    Probes.Run r = probes.run(List.of(java, "-version"));
    int feature = javaFeature(r.output());
    if (feature < 21) {
      return Check.fail(what, java + " is " + (feature < 0 ? "not runnable" : "Java " + feature)
          + "; the schema registry needs Java 21+ (openjdk-21-jre-headless, then set " + REGISTRY_JAVA_ENV + ")");
    }
    return Check.ok(what, java + " (Java " + feature + ")");
  }

  List<Check> cluster(Settings s) {
    if (s.bootstrap().isEmpty() && s.registry().isEmpty()) {
      return List.of(Check.warn("cluster", "none configured (no cluster.json, --bootstrap or --registry)"));
    }
    List<Check> out = new ArrayList<>();
    s.bootstrap().ifPresent(b -> {
      List<String> dead = new ArrayList<>();
      for (String server : b.split(",")) {
        int colon = server.lastIndexOf(':');
        int port = colon < 0 ? 9092 : parsePort(server.substring(colon + 1));
        String host = colon < 0 ? server : server.substring(0, colon);
        if (port < 0 || !probes.connects(host.strip(), port)) {
          dead.add(server.strip());
        }
      }
      out.add(dead.isEmpty() ? Check.ok("broker", b + " answers")
          : Check.fail("broker", "nothing answers at " + String.join(", ", dead)
              + " (`netledger dev up`, or pass --bootstrap)"));
    });
    s.registry().ifPresent(r -> {
      String url = r.endsWith("/") ? r + "subjects" : r + "/subjects";
      int status;
      try {
        URI.create(url);
        status = probes.httpGet(url);
      } catch (IllegalArgumentException e) {
        status = -2;
      }
      out.add(status == 200 ? Check.ok("registry", r + " answers")
          : Check.fail("registry", status == -2 ? "not a URL: " + r
              : status < 0 ? "nothing answers at " + r : r + " answered HTTP " + status + " to GET " + url));
    });
    return out;
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s.strip());
      return p > 0 && p < 65536 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static final Pattern JAVA_VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?");

  static int javaFeature(String versionOutput) {
    Matcher m = JAVA_VERSION.matcher(versionOutput);
    if (!m.find()) {
      return -1;
    }
    int first = Integer.parseInt(m.group(1));
    return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
  }

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

  /** The first line that names a version, skipping warnings some programs print first; at most 80 chars. */
  static String versionLine(String output) {
    for (String line : (output == null ? "" : output).split("\n")) {
      String t = line.strip();
      if (VERSION.matcher(t).find() && !t.contains("failed to load") && !t.contains("unexpected operator")) {
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
      }
    }
    return firstLine(output);
  }

  static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return (nl < 0 ? t : t.substring(0, nl)).strip();
  }

  /** The exit code of {@code netledger doctor}: 1 when any check failed. */
  public static int exitCode(List<Check> checks) {
    return checks.stream().anyMatch(Check::failed) ? 1 : 0;
  }

  /** One line per check: {@code ok|warn|fail  what  why/fix}. */
  public static String table(List<Check> checks) {
    int w = checks.stream().mapToInt(c -> c.what().length()).max().orElse(0);
    StringBuilder b = new StringBuilder();
    for (Check c : checks) {
      b.append(String.format("%-4s  %-" + w + "s  %s%n", c.verdict().name().toLowerCase(Locale.ROOT), c.what(),
          c.detail()));
    }
    return b.toString();
  }
}
