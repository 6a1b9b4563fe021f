package io.netledger.devcluster.world;

import io.netledger.events.security.Principal;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.HostRegistered;
import io.netledger.devcluster.ChildProcess;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.Published;
import io.netledger.events.publish.PublisherConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * The whole system on one machine, as separate processes: the namespace world, the embedded
 * cluster listening on the underlay, allocator-stream and mesh-stream, and one agent inside each
 * host namespace. What the end-to-end tests and {@code netledger demo} run.
 *
 * <pre>{@code
 * try (PacketWorld w = PacketWorld.start(dir, List.of("H1", "H2"), System.out::println)) {
 *   w.publish(SeedScenario.network(Encryption.IPSEC));
 *   String ip = w.startContainer(SeedScenario.container("mongo", "H2"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class PacketWorld implements AutoCloseable {
  private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/\\d+");

  private final Path dir;
  private final Consumer<String> progress;
  private final NetnsWorld world;
  private final Map<String, ChildProcess> processes = new LinkedHashMap<>();
  private final Map<String, ChildProcess> agents = new LinkedHashMap<>();
  private DevCluster cluster;
  private EventPublisher publisher;
  /** The gateway the agents publish their facts through, null when they publish straight to the broker. */
  private String gatewayUrl;

  private PacketWorld(Path dir, Consumer<String> progress, NetnsWorld world) {
    this.dir = dir;
    this.progress = progress;
    this.world = world;
  }

  /** Builds everything on one broker; on any failure tears down what was built and rethrows. */
  public static PacketWorld start(Path dir, List<String> hostIds, Consumer<String> progress) {
    return start(dir, hostIds, progress, 1);
  }

  /**
   * Builds everything; with more than one broker each runs in its own control-plane host
   * namespace {@code nlk-k<n>} on the underlay (so a test can cut it off as well as kill it).
   */
  public static PacketWorld start(Path dir, List<String> hostIds, Consumer<String> progress, int brokers) {
    return start(dir, hostIds, progress, brokers, false);
  }

  /**
   * As above; with {@code throughGateway}, a {@code netledger gateway} over mTLS runs on the
   * underlay and each agent's CNI door publishes through it with the host's own certificate
   * ({@code /O=netledger/OU=hosts/CN=<hostId>}, under {@code <dir>/gateway-credentials/<hostId>}).
   */
  public static PacketWorld start(Path dir, List<String> hostIds, Consumer<String> progress, int brokers,
      boolean throughGateway) {
    return start(dir, hostIds, progress, brokers, throughGateway, false);
  }

  /**
   * As above; {@code secure} starts the cluster with TLS listeners, client certificates and the
   * catalogue's ACLs ({@link DevCluster.Options#withSecurity}), and every process runs as its own
   * principal: the stream apps and the gateway with their credentials from the cluster, each agent
   * with its host's ({@link DevCluster#issueHost}, under {@code <dir>/credentials/<hostId>}), this
   * world's own publisher as the dev operator.
   */
  public static PacketWorld start(Path dir, List<String> hostIds, Consumer<String> progress, int brokers,
      boolean throughGateway, boolean secure) {
    PacketWorld w = new PacketWorld(dir, progress, NetnsWorld.create());
    try {
      for (String h : hostIds) {
        String ip = w.world.addHost(h);
        progress.accept("host " + h + ": namespace " + NetnsWorld.hostNs(h) + ", eth0 " + ip);
      }
      DevCluster.Options options = DevCluster.Options.in(dir.resolve("cluster"))
          .withListenAddress(w.world.gateway()).withProgress(progress).withSecurity(secure);
      if (brokers > 1) {
        List<DevCluster.BrokerHost> places = new ArrayList<>();
        for (int i = 1; i <= brokers; i++) {
          String ns = w.world.addControlPlaneHost("k" + i);
          places.add(new DevCluster.BrokerHost(ns, w.world.controlPlaneIp(i)));
          progress.accept("control-plane host k" + i + ": namespace " + ns + ", eth0 " + w.world.controlPlaneIp(i));
        }
        options = options.withBrokerHosts(places);
      }
      w.cluster = DevCluster.start(options);
      w.publisher = EventPublisher.create(PublisherConfig.of(w.cluster.bootstrapServers(),
          w.cluster.registryUrl(), "netledger-world").withTls(w.cluster.operatorTls().orElse(null)));
      for (Map.Entry<String, String> h : w.world.hosts().entrySet()) {
        w.publish(HostRegistered.newBuilder().setHostId(h.getKey()).setHostname(h.getKey().toLowerCase())
            .setUnderlayIp(h.getValue()).setIkeIdentity(Principal.host(h.getKey()).ikeIdentity()).build());
      }
      w.startApps();
      if (throughGateway) {
        w.startGateway();
      }
      for (String h : hostIds) {
        w.startAgent(h);
      }
      return w;
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** How a process of principal {@code kafkaUser} (allocator, mesh, gateway) finds the cluster. */
  private List<String> clusterArgs(String kafkaUser) {
    List<String> args = new ArrayList<>(List.of("--bootstrap", cluster.bootstrapServers(), "--registry",
        cluster.registryUrl()));
    cluster.tlsDir(kafkaUser).ifPresent(tls -> args.addAll(List.of("--tls-dir", tls.toString())));
    return args;
  }

  /** Where a host's Kafka credentials are in a secure world (its agent's {@code --tls-dir}). */
  public Path hostCredentials(String hostId) {
    return dir.resolve("credentials").resolve(hostId);
  }

  private void startApps() {
    for (String app : List.of("allocator", "mesh")) {
      startApp(app);
    }
  }

  /** Starts (or restarts, on the same state directory) a stream app: "allocator" or "mesh". */
  public synchronized void startApp(String app) {
    List<String> args = new ArrayList<>(List.of(app));
    args.addAll(clusterArgs(app));
    args.addAll(List.of("--state-dir", dir.resolve("state").resolve(app).toString(),
        // The query API on any free port, its URL under <dir>/api/<app>.url for `netledger get`.
        "--http-port", "0", "--data-dir", dir.toString()));
    processes.put(app, NetledgerProcess.start(app, null, dir, args));
    progress.accept(app + "-stream started (its log: " + dir.resolve(app + ".log") + ")");
  }

  /**
   * Issues the gateway's and every host's certificate from a throw-away CA and starts
   * {@code netledger gateway --https-dir} on the underlay's bridge address; agents started after
   * this publish through it.
   */
  private void startGateway() {
    try {
      Pki pki = new Pki(dir.resolve("gateway-pki"));
      Path tls = dir.resolve("gateway-tls");
      pki.issue(tls, io.netledger.events.security.Principal.component("gateway"), "gateway", world.gateway());
      for (String h : world.hosts().keySet()) {
        pki.issue(gatewayCredentials(h), io.netledger.events.security.Principal.host(h), "host");
      }
      int port;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(world.gateway()))) {
        port = s.getLocalPort();
      }
      List<String> args = new ArrayList<>(List.of("gateway", "--listen", world.gateway(), "--port",
          Integer.toString(port), "--https-dir", tls.toString()));
      args.addAll(clusterArgs("gateway"));
      ChildProcess p = NetledgerProcess.start("gateway", null, dir, args);
      processes.put("gateway", p);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try (java.net.Socket s = new java.net.Socket(world.gateway(), port)) {
          break;
        } catch (java.io.IOException notYet) {
          p.checkAlive();
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the gateway did not listen within 60 s; its log: " + p.log());
          }
          sleep(100);
        }
      }
      gatewayUrl = "https://" + world.gateway() + ":" + port;
      progress.accept("gateway started on " + gatewayUrl + " (its log: " + dir.resolve("gateway.log") + ")");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Where a host's gateway credentials are in a world started through the gateway. */
  public Path gatewayCredentials(String hostId) {
    return dir.resolve("gateway-credentials").resolve(hostId);
  }

  /** The gateway's URL, null when the agents publish straight to the broker. */
  public String gatewayUrl() {
    return gatewayUrl;
  }

  /** SIGKILL to a stream app (a crash: its open transaction is left for the broker to abort). */
  public synchronized void killApp(String app) {
    ChildProcess p = processes.remove(app);
    if (p != null) {
      kill(p);
    }
  }

  /** SIGKILL to a host's agent (its kernel state stays, as after a crash). */
  public synchronized void killAgent(String hostId) {
    ChildProcess p = agents.remove(hostId);
    if (p != null) {
      kill(p);
    }
  }

  private static void kill(ChildProcess p) {
    p.handle().destroyForcibly();
    try {
      p.handle().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(p.name() + " did not die on SIGKILL", e);
    }
  }

  /** Starts (or restarts) the agent of a host inside its namespace. */
  public synchronized void startAgent(String hostId) {
    List<String> args = new ArrayList<>(List.of("agent", "--host-id", hostId,
        "--underlay-ip", world.hosts().get(hostId), "--metrics-port", "0", "--resync-interval", "5s",
        // The test world has no route to any real resolver: never forward out of it.
        "--dns-upstream", "none",
        // Restarted during a broker outage, as a supervisor would restart it: wait, keep the kernel.
        "--wait-for-broker",
        // The CNI door (a Unix socket; costs nothing until a plugin calls it).
        "--cni-socket", cniSocket(hostId).toString(),
        "--bootstrap", cluster.bootstrapServers(), "--registry", cluster.registryUrl()));
    if (cluster.secure()) {
      Path creds = hostCredentials(hostId);
      if (!java.nio.file.Files.isDirectory(creds)) {
        cluster.issueHost(hostId, creds);
        progress.accept("credentials and ACLs for host " + hostId + " under " + creds);
      }
      args.addAll(List.of("--tls-dir", creds.toString()));
    }
    if (gatewayUrl != null) {
      args.addAll(List.of("--gateway", gatewayUrl, "--gateway-credentials", gatewayCredentials(hostId).toString()));
    }
    // A host whose IPsec credentials were laid out under <dir>/ipsec/<hostId> (ca.pem, host.pem,
    // host.key) encrypts; the others refuse encrypted networks.
    java.nio.file.Path ipsec = ipsecDir(hostId);
    if (java.nio.file.Files.isDirectory(ipsec)) {
      args.addAll(List.of("--ipsec-dir", ipsec.toString()));
    }
    ChildProcess p = NetledgerProcess.start("agent-" + hostId, NetnsWorld.hostNs(hostId), dir, args);
    agents.put(hostId, p);
    progress.accept("agent " + hostId + " started in " + NetnsWorld.hostNs(hostId));
  }

  /** Where the agent of {@code hostId} serves the CNI plugin. */
  public Path cniSocket(String hostId) {
    return dir.resolve("cni-" + hostId + ".sock");
  }

  /** Where a host's IPsec credentials go for its agent to use them (see {@link #startAgent}). */
  public java.nio.file.Path ipsecDir(String hostId) {
    return ipsecDir(dir, hostId);
  }

  /** Where a host's IPsec credentials go in a world built in {@code dir}, before it is built. */
  public static Path ipsecDir(Path dir, String hostId) {
    return dir.resolve("ipsec").resolve(hostId);
  }

  /**
   * {@code swanctl ARGS} against the charon the agent of {@code hostId} runs (its files under the
   * agent's default {@code --ipsec-work-dir}), output and errors together.
   */
  public static Shell.Result swanctl(String hostId, String... args) {
    Path d = Path.of("/var/lib/netledger/ipsec-" + hostId);
    StringBuilder cmd = new StringBuilder("STRONGSWAN_CONF=" + d.resolve("strongswan.conf") + " swanctl");
    for (String a : args) {
      cmd.append(' ').append(a);
    }
    cmd.append(" --uri unix://").append(d.resolve("charon.vici"));
    return Shell.run(List.of("sh", "-c", cmd.toString()), 30);
  }

  /** Stops the agent of a host (SIGTERM; its kernel state stays, as on a real host). */
  public synchronized void stopAgent(String hostId) {
    ChildProcess p = agents.remove(hostId);
    if (p != null) {
      p.stop(10);
    }
  }

  public Published publish(SpecificRecord event) {
    return publisher.publish(event);
  }

  /**
   * Creates the container's namespace, publishes its start, and waits until its agent gave it
   * an address; returns that address.
   */
  public String startContainer(ContainerStarted started, Duration timeout) {
    world.addContainer(started.getName());
    publish(started);
    return awaitAddress(started.getNetns(), timeout);
  }

  /**
   * Milliseconds from publishing each of {@code n} ContainerStarted ({@code probe-1..n} on
   * {@code hostId} in {@code networkId}) to the new container answering a ping from
   * {@code fromContainer}, sorted: the figure "ContainerStarted -> ping from another host".
   */
  public List<Long> startToPing(String hostId, String networkId, String fromContainer, int n) {
    List<Long> millis = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String name = "probe-" + i;
      ContainerStarted probe = ContainerStarted.newBuilder().setContainerId("c-" + name).setName(name)
          .setHostId(hostId).setNetworkId(networkId).setNetns(NetnsWorld.containerNs(name)).build();
      world.addContainer(name);
      long t0 = System.nanoTime();
      publish(probe);
      String ip = awaitAddress(probe.getNetns(), Duration.ofSeconds(60));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!Shell.inNetns(NetnsWorld.containerNs(fromContainer), 10, "ping", "-c1", "-W1", ip).ok()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(fromContainer + " cannot ping " + name + " at " + ip + " after 30 s");
        }
      }
      millis.add((System.nanoTime() - t0) / 1_000_000);
    }
    java.util.Collections.sort(millis);
    return millis;
  }

  /** Waits until {@code eth0} in {@code netns} has an IPv4 address. */
  public String awaitAddress(String netns, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Shell.Result r = Shell.run(List.of("ip", "-n", netns, "-4", "addr", "show", "dev", "eth0"), 10);
      Matcher m = INET.matcher(r.output());
      if (r.ok() && m.find()) {
        return m.group(1);
      }
      sleep(50);
    }
    throw new IllegalStateException("no address on eth0 in " + netns + " after " + timeout.toSeconds() + " s;"
        + " agent logs: " + dir + "/agent-*.log");
  }

  public NetnsWorld world() {
    return world;
  }

  public DevCluster cluster() {
    return cluster;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Each running process's resident set in MB ({@code VmRSS}), by name ("allocator", "mesh",
   * "gateway", "agent-H1", ...), for the figures and the agents' memory budget.
   */
  public synchronized Map<String, Long> residentMegabytes() {
    Map<String, Long> rss = new LinkedHashMap<>();
    java.util.stream.Stream.concat(processes.values().stream(), agents.values().stream())
        .forEach(p -> rss.put(p.name(), residentKilobytes(p.pid()) / 1024));
    return rss;
  }

  static long residentKilobytes(long pid) {
    try {
      return java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
          .findFirst().orElse(0);
    } catch (java.io.IOException gone) {
      return 0;
    }
  }

  /** Checks every process still runs; throws naming the first one that died, with its log tail. */
  public void checkAlive() {
    processes.values().forEach(ChildProcess::checkAlive);
    agents.values().forEach(ChildProcess::checkAlive);
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops agents, apps, the cluster, then deletes every namespace and link. Idempotent. */
  @Override
  public synchronized void close() {
    agents.values().forEach(p -> p.stop(10));
    agents.clear();
    processes.values().forEach(p -> p.stop(15));
    processes.clear();
    if (publisher != null) {
      publisher.close();
      publisher = null;
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
    world.close();
  }
}
