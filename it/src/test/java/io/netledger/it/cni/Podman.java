package io.netledger.it.cni;

import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * podman as the container runtime of the test hosts, configured without touching /etc: each host
 * namespace gets its own containers.conf (CONTAINERS_CONF) whose network_config_dir holds the
 * conflists naming that host's agent socket, and a shared plugin directory with netledger-cni
 * installed (the script from host-agent/src/main/sh: it needs sh and socat only). Each network
 * has a conflist with our plugin alone (the portMappings capability: {@code -p} is ours) and a
 * {@code -chained} one with the reference portmap, bandwidth and firewall plugins after it. Settings from
 * FACTS.md: runc, cgroupfs, file events, the CNI backend.
 */
final class Podman {
  static final String IMAGE = "localhost/netledger-busybox:latest";

  private final Path dir;
  private final Path bin;

  Podman(Path dir) {
    this.dir = dir;
    this.bin = dir.resolve("cni-bin");
  }

  /** Why podman cannot run here, or null when it can. */
  static String missing() {
    for (String tool : List.of("podman", "runc", "conmon", "busybox", "socat", "iptables")) {
      if (!Shell.run(List.of("sh", "-c", "command -v " + tool), 5).ok()) {
        return tool + " is not installed (apt-get install podman containernetworking-plugins runc conmon"
            + " catatonit uidmap busybox-static socat iptables)";
      }
    }
    if (!Files.isExecutable(Path.of("/usr/lib/cni/host-local")) && !Files.isExecutable(Path.of("/opt/cni/bin/host-local"))) {
      return "containernetworking-plugins is not installed";
    }
    return null;
  }

  /** Installs the plugin, writes each host's configuration, imports the busybox image once. */
  void install(List<String> hosts, java.util.function.Function<String, Path> socketOf) {
    try {
      Files.createDirectories(bin);
      Path script = Path.of(System.getProperty("netledger.root", "..")).resolve("host-agent/src/main/sh/netledger-cni");
      Files.copy(script, bin.resolve("netledger-cni"), StandardCopyOption.REPLACE_EXISTING);
      bin.resolve("netledger-cni").toFile().setExecutable(true);
      for (String h : hosts) {
        Path conf = hostDir(h);
        Files.createDirectories(conf.resolve("net.d"));
        Files.writeString(conf.resolve("containers.conf"), String.join("\n",
            "[containers]",
            "default_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]",
            "[engine]",
            "cgroup_manager = \"cgroupfs\"",
            "events_logger = \"file\"",
            "runtime = \"runc\"",
            "[network]",
            "network_backend = \"cni\"",
            "network_config_dir = \"" + conf.resolve("net.d") + "\"",
            "cni_plugin_dirs = [\"" + bin + "\", \"/usr/lib/cni\", \"/opt/cni/bin\"]", ""));
        network(h, "netledger", "managed", socketOf.apply(h));
        network(h, "netledger-tiny", "tiny", socketOf.apply(h));
        network(h, "netledger-closed", "closed", socketOf.apply(h));
        // The reference for the benchmark: bridge + host-local inside the host namespace.
        Files.writeString(conf.resolve("net.d/refbridge.conflist"), """
            {"cniVersion": "1.0.0", "name": "refbridge", "plugins": [{"type": "bridge", "bridge": "nlref0",
              "isGateway": true, "ipMasq": false,
              "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.200.0.0/24"}]],
                       "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "%s"}}]}
            """.formatted(conf.resolve("host-local")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!podman("H1", 60, "image", "exists", IMAGE).ok()) {
      importImage();
    }
  }

  private void network(String host, String name, String networkId, Path socket) throws IOException {
    Files.writeString(hostDir(host).resolve("net.d/" + name + ".conflist"), """
        {"cniVersion": "1.0.0", "name": "%s",
         "plugins": [{"type": "netledger-cni", "networkId": "%s", "agentSocket": "%s",
                      "capabilities": {"portMappings": true}}]}
        """.formatted(name, networkId, socket));
    // The same network with the reference meta plugins chained after ours: our ADD result is
    // their prevResult. portmap (not ours) takes the runtime's port mappings here; bandwidth
    // shapes both directions (a tbf on the host's veth end, an ifb for the container's egress);
    // firewall admits the container's address in iptables' CNI-FORWARD.
    Files.writeString(hostDir(host).resolve("net.d/" + name + "-chained.conflist"), """
        {"cniVersion": "1.0.0", "name": "%s-chained",
         "plugins": [{"type": "netledger-cni", "networkId": "%s", "agentSocket": "%s"},
                     {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true},
                     {"type": "bandwidth", "ingressRate": 100000000, "ingressBurst": 1000000,
                      "egressRate": 100000000, "egressBurst": 1000000},
                     {"type": "firewall", "backend": "iptables"}]}
        """.formatted(name, networkId, socket));
  }

  private void importImage() {
    try {
      Path root = dir.resolve("rootfs");
      Files.createDirectories(root.resolve("bin"));
      Files.createDirectories(root.resolve("etc"));
      Path busybox = Path.of(Shell.run(List.of("sh", "-c", "command -v busybox"), 5).orThrow().output().strip());
      Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
      for (String applet : List.of("sh", "ping", "ip", "true", "sleep", "cat", "nslookup", "hostname", "wget")) {
        Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
      }
      Shell.run(List.of("tar", "-C", root.toString(), "-cf", dir.resolve("rootfs.tar").toString(), "."), 30).orThrow();
      podman("H1", 120, "import", "--change", "ENV PATH=/bin:/sbin", dir.resolve("rootfs.tar").toString(), IMAGE).orThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path hostDir(String host) {
    return dir.resolve("podman-" + host);
  }

  /**
   * {@code podman ARGS} in the host's network namespace, with that host's configuration. Through
   * {@code nsenter --net}, not {@code ip netns exec}: the latter also gives podman a private
   * mount namespace, so the /run/netns/netns-<uuid> bind mount podman makes for a container would
   * be invisible to the agent (itself in another one) and moving the veth there fails with EINVAL.
   */
  Shell.Result podman(String host, long timeoutSeconds, String... args) {
    List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + NetnsWorld.hostNs(host), "env",
        "CONTAINERS_CONF=" + hostDir(host).resolve("containers.conf"), "podman"));
    cmd.addAll(List.of(args));
    return Shell.run(cmd, timeoutSeconds);
  }
}
