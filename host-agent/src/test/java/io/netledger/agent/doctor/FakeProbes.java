package io.netledger.agent.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A healthy Debian host with everything installed, to break one thing at a time. */
final class FakeProbes implements Probes {
  final Set<String> programs = new HashSet<>();
  final Set<String> files = new HashSet<>();
  /** Commands (joined by spaces) that fail, with their output. */
  final Map<String, String> failing = new HashMap<>();
  final Map<String, String> env = new HashMap<>();
  final Set<Integer> takenPorts = new HashSet<>();
  final Set<String> answering = new HashSet<>();
  boolean root = true;
  String javaVersion = "openjdk version \"25.0.1\" 2025-10-21";
  CharonStart charon = new CharonStart(true, List.of("charon", "random", "nonce", "openssl", "aes", "sha1", "sha2",
      "hmac", "gcm", "kdf", "pem", "pkcs1", "pkcs8", "x509", "pubkey", "constraints", "kernel-libipsec",
      "kernel-netlink", "socket-default", "vici"), List.of(), "");
  final List<List<String>> scratchRuns = new ArrayList<>();

  FakeProbes() {
    Doctor.AGENT_PROGRAMS.forEach(p -> programs.add(p.name()));
    Doctor.DEV_PROGRAMS.forEach(p -> programs.add(p.name()));
    Doctor.SUITE_PROGRAMS.forEach(p -> programs.add(p.name()));
    files.add("/dev/net/tun");
    files.add(Doctor.CHARON_PATHS.get(0));
    files.add(Doctor.LIBIPSEC_PLUGIN.get(0));
    files.add(Doctor.REGISTRY_DEFAULT_JAVA);
    Doctor.CNI_PLUGINS.forEach(p -> files.add("/usr/lib/cni/" + p));
    // this kernel, as the development machines: no ESP
    failing.put("ip xfrm state add", "RTNETLINK answers: Function not implemented");
  }

  @Override
  public Optional<Path> which(String program) {
    return programs.contains(program) ? Optional.of(Path.of("/usr/bin", program)) : Optional.empty();
  }

  @Override
  public Run run(List<String> command) {
    if (command.get(0).endsWith("java")) {
      return new Run(0, javaVersion);
    }
    return answer(command, Path.of(command.get(0)).getFileName() + " 1.0");
  }

  @Override
  public Run inScratchNetns(List<String> command) {
    scratchRuns.add(command);
    return answer(command, "");
  }

  private Run answer(List<String> command, String ok) {
    String joined = String.join(" ", command);
    for (Map.Entry<String, String> f : failing.entrySet()) {
      if (joined.startsWith(f.getKey())) {
        return new Run(2, f.getValue());
      }
    }
    return new Run(0, ok);
  }

  @Override
  public boolean exists(Path path) {
    return files.contains(path.toString());
  }

  @Override
  public boolean isRoot() {
    return root;
  }

  @Override
  public CharonStart startCharon() {
    return charon;
  }

  @Override
  public boolean portFree(String address, int port) {
    return !takenPorts.contains(port);
  }

  @Override
  public boolean connects(String host, int port) {
    return answering.contains(host + ":" + port);
  }

  @Override
  public int httpGet(String url) {
    return answering.contains(url) ? 200 : -1;
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }
}
