package io.netledger.devcluster.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local test world (DESIGN.md): hosts and containers are Linux network namespaces this
 * process makes itself. An underlay bridge {@value #BRIDGE} in the root namespace holds the
 * first address of a documentation prefix (TEST-NET-2, -3 or -1, RFC 5737: never routed on the
 * Internet) that this machine does not already use: the machines here sit on 192.0.2.0/24
 * themselves, so that one is taken last and only when free. Each host is a namespace
 * {@code nlh-<hostId>} whose {@code eth0} sits on that bridge; each container is an empty
 * namespace {@code nlc-<name>} that the host agent wires up. The Kafka broker and the registry
 * listen on {@link #gateway()}, so agents inside host namespaces reach them as real hosts would.
 *
 * <p>Names are fixed, so a crashed run's leftovers are recognised and swept by {@link #sweep()},
 * which deletes only objects with these prefixes. One world exists at a time on a machine: a
 * second {@link #create()} (another test JVM, a demo) waits on a lock file until the first is
 * closed, rather than sweeping it away.
 *
 * <pre>{@code
 * try (NetnsWorld world = NetnsWorld.create()) {
 *   String h1 = world.addHost("H1");          // namespace nlh-H1, eth0 198.51.100.11
 *   String ns = world.addContainer("mongo");   // namespace nlc-mongo, lo up, nothing else
 *   Shell.inNetns(ns, 10, "ping", "-c1", "10.42.0.2");
 * }
 * }</pre>
 */
public final class NetnsWorld implements AutoCloseable {
  public static final String BRIDGE = "nlbr0";
  /** Candidate underlay prefixes (their first three octets), in order of preference. */
  static final List<String> TEST_NETS = List.of("198.51.100.", "203.0.113.", "192.0.2.");
  public static final String HOST_NS_PREFIX = "nlh-";
  public static final String CONTAINER_NS_PREFIX = "nlc-";
  private static final String UPLINK_PREFIX = "nlu-";
  /** Control-plane hosts (a broker each): namespace and uplink {@code nlk-<id>}. */
  public static final String CONTROL_PLANE_PREFIX = "nlk-";

  private final Map<String, String> hosts = new LinkedHashMap<>();
  private final Map<String, String> controlPlaneHosts = new LinkedHashMap<>();
  private final List<String> containers = new ArrayList<>();
  /** Held from create to close; the kernel releases it if this process dies. */
  static final java.nio.file.Path LOCK = java.nio.file.Path.of("/run/lock/netledger-world.lock");

  private final String net;
  private final java.nio.channels.FileChannel lockChannel;
  private boolean closed;

  private NetnsWorld(String net, java.nio.channels.FileChannel lockChannel) {
    this.net = net;
    this.lockChannel = lockChannel;
  }

  private static java.nio.channels.FileChannel lock() {
    try {
      java.nio.file.Files.createDirectories(LOCK.getParent());
      java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(LOCK,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
      ch.lock();
      return ch;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot take the world lock " + LOCK, e);
    }
  }

  /** Sweeps leftovers of an earlier run, then builds the underlay bridge. */
  public static NetnsWorld create() {
    java.nio.channels.FileChannel lock = lock();
    sweep();
    NetnsWorld world = new NetnsWorld(freeTestNet(), lock);
    try {
      ip("link", "add", BRIDGE, "type", "bridge");
      ip("addr", "add", world.gateway() + "/24", "dev", BRIDGE);
      ip("link", "set", BRIDGE, "up");
    } catch (RuntimeException e) {
      world.close();
      throw e;
    }
    return world;
  }

  /** The namespace name of a host. */
  public static String hostNs(String hostId) {
    return HOST_NS_PREFIX + hostId;
  }

  /** The namespace name of a container. */
  public static String containerNs(String name) {
    return CONTAINER_NS_PREFIX + name;
  }

  /** The first documentation prefix that no address or route of the root namespace touches. */
  static String freeTestNet() {
    String used = Shell.run("ip", "-4", "addr", "show").output() + Shell.run("ip", "-4", "route", "show").output();
    for (String net : TEST_NETS) {
      if (!used.contains(net)) {
        return net;
      }
    }
    throw new IllegalStateException("every documentation prefix " + TEST_NETS + "is in use on this machine");
  }

  /** The root namespace's address on the underlay: where the broker and registry listen. */
  public String gateway() {
    return net + "1";
  }

  /** The underlay address of the n-th host (1-based): .10+n of the underlay prefix. */
  public String underlayIp(int n) {
    return net + (10 + n);
  }

  /**
   * Adds a host namespace with {@code eth0} on the bridge, loopback up and forwarding on (a host
   * routes between its containers and the overlay). Returns its underlay address.
   */
  public synchronized String addHost(String hostId) {
    String ns = hostNs(hostId);
    String ip = underlayIp(hosts.size() + 1);
    String uplink = UPLINK_PREFIX + hostId;
    if (uplink.length() > 15) {
      throw new IllegalArgumentException("host id '" + hostId + "' too long for a link name (max 11 chars)");
    }
    ip("netns", "add", ns);
    hosts.put(hostId, ip);
    ip("link", "add", uplink, "type", "veth", "peer", "name", "eth0", "netns", ns);
    ip("link", "set", uplink, "master", BRIDGE, "up");
    ip("-n", ns, "addr", "add", ip + "/24", "dev", "eth0");
    ip("-n", ns, "link", "set", "eth0", "up");
    ip("-n", ns, "link", "set", "lo", "up");
    Shell.inNetns(ns, 10, "sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
    return ip;
  }

  /** The namespace of {@link #addOutside()}: named as a host's so that every sweep removes it too. */
  public static final String OUTSIDE_NS = HOST_NS_PREFIX + "outside";

  /**
   * Adds a machine on the underlay that is no netledger host (no agent): where ingress comes
   * from and egress goes to. Its {@code eth0} on the bridge holds {@code .200} of the underlay
   * prefix, which it returns.
   */
  public synchronized String addOutside() {
    String ip = net + "200";
    ip("netns", "add", OUTSIDE_NS);
    ip("link", "add", UPLINK_PREFIX + "outside", "type", "veth", "peer", "name", "eth0", "netns", OUTSIDE_NS);
    ip("link", "set", UPLINK_PREFIX + "outside", "master", BRIDGE, "up");
    ip("-n", OUTSIDE_NS, "addr", "add", ip + "/24", "dev", "eth0");
    ip("-n", OUTSIDE_NS, "link", "set", "eth0", "up");
    ip("-n", OUTSIDE_NS, "link", "set", "lo", "up");
    return ip;
  }

  /** The underlay address of the n-th control-plane host (1-based): .1+n of the underlay prefix. */
  public String controlPlaneIp(int n) {
    if (n < 1 || n > 8) {
      throw new IllegalArgumentException("control-plane hosts are numbered 1 to 8 (.2 to .9), not " + n);
    }
    return net + (1 + n);
  }

  /**
   * Adds a "control-plane host": a namespace {@code nlk-<id>} with {@code eth0} on the underlay,
   * where a broker runs, so a test can cut it off the network ({@link #setControlPlaneLink})
   * without killing it. Returns its namespace; its address is {@link #controlPlaneIp}.
   */
  public synchronized String addControlPlaneHost(String id) {
    String ns = CONTROL_PLANE_PREFIX + id;
    if (ns.length() > 15) {
      throw new IllegalArgumentException("control-plane host id '" + id + "' too long for a link name (max 11 chars)");
    }
    String ip = controlPlaneIp(controlPlaneHosts.size() + 1);
    ip("netns", "add", ns);
    controlPlaneHosts.put(id, ip);
    ip("link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns);
    ip("link", "set", ns, "master", BRIDGE, "up");
    ip("-n", ns, "addr", "add", ip + "/24", "dev", "eth0");
    ip("-n", ns, "link", "set", "eth0", "up");
    ip("-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  /** Cuts a control-plane host off the underlay ({@code up=false}: its eth0 down) or heals it. */
  public void setControlPlaneLink(String id, boolean up) {
    ip("-n", CONTROL_PLANE_PREFIX + id, "link", "set", "eth0", up ? "up" : "down");
  }

  public synchronized Map<String, String> controlPlaneHosts() {
    return Map.copyOf(controlPlaneHosts);
  }

  /** Adds an empty container namespace (loopback up); the agent gives it its interface. */
  public synchronized String addContainer(String name) {
    String ns = containerNs(name);
    ip("netns", "add", ns);
    containers.add(ns);
    ip("-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  /** Removes a container namespace (as a runtime would when the container is deleted). */
  public synchronized void removeContainer(String name) {
    String ns = containerNs(name);
    containers.remove(ns);
    Shell.run("ip", "netns", "delete", ns);
  }

  public synchronized Map<String, String> hosts() {
    return Map.copyOf(hosts);
  }

  /** Deletes every namespace and link this world made. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      sweep();
    } finally {
      try {
        lockChannel.close();
      } catch (java.io.IOException ignored) {
        // closing releases the lock; a failure here leaves it to the process's exit
      }
    }
  }

  /**
   * Deletes every object with this world's names: namespaces {@code nlh-*} and {@code nlc-*}
   * (their processes are killed first: a namespace with a live process would outlive the delete),
   * uplinks and the bridge. Nothing else is touched.
   */
  public static void sweep() {
    for (String ns : namespaces()) {
      if (ns.startsWith(HOST_NS_PREFIX) || ns.startsWith(CONTAINER_NS_PREFIX) || ns.startsWith(CONTROL_PLANE_PREFIX)) {
        Shell.Result pids = Shell.run("ip", "netns", "pids", ns);
        for (String pid : pids.output().split("\\s+")) {
          if (pid.matches("\\d+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        Shell.run("ip", "netns", "delete", ns);
      }
    }
    for (String link : Shell.run("ip", "-o", "link", "show").output().lines()
        .map(l -> l.split(":\\s+", 3)).filter(p -> p.length > 1).map(p -> p[1].split("@")[0]).toList()) {
      if (link.startsWith(UPLINK_PREFIX) || link.startsWith(CONTROL_PLANE_PREFIX) || link.equals(BRIDGE)) {
        Shell.run("ip", "link", "delete", link);
      }
    }
  }

  /**
   * Removes a world left behind by a process that is gone (e.g. {@code demo --keep} killed):
   * waits for the lock, so a live world is never swept, then sweeps.
   */
  public static void sweepUnderLock() {
    try (java.nio.channels.FileChannel ignored = lock()) {
      sweep();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Names of the namespaces that exist now. */
  public static List<String> namespaces() {
    return Shell.run("ip", "netns", "list").output().lines()
        .map(l -> l.split("\\s+")[0]).filter(s -> !s.isBlank()).toList();
  }

  /** Names of this world's leftovers (namespaces and links), for checks that nothing remains. */
  public static List<String> leftovers() {
    List<String> left = new ArrayList<>();
    for (String ns : namespaces()) {
      if (ns.startsWith(HOST_NS_PREFIX) || ns.startsWith(CONTAINER_NS_PREFIX) || ns.startsWith(CONTROL_PLANE_PREFIX)) {
        left.add("netns " + ns);
      }
    }
    Shell.run("ip", "-o", "link", "show").output().lines()
        .map(l -> l.split(":\\s+", 3)).filter(p -> p.length > 1).map(p -> p[1].split("@")[0])
        .filter(l -> l.startsWith(UPLINK_PREFIX) || l.startsWith(CONTROL_PLANE_PREFIX) || l.equals(BRIDGE)).forEach(l -> left.add("link " + l));
    return left;
  }

  private static void ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Shell.run(cmd, 30).orThrow();
  }
}
