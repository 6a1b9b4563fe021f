package io.netledger.devcluster.demo;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.PacketWorld;
import io.netledger.devcluster.world.Pki;
import io.netledger.devcluster.world.Shell;
import io.netledger.events.publish.Published;
import io.netledger.events.topic.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * "A day in the life of a packet" told on a running {@link PacketWorld}: the same steps as the
 * walkthrough in shared/reference, each preceded by the command a person would type.
 *
 * <p>The command that publishes an event is the CLI's to spell ({@code publishCommand}: event in,
 * {@code netledger publish ...} line out), so this module needs nothing from the CLI.
 */
public final class Walkthrough {
  private final Narrator n;
  private final Function<SpecificRecord, String> publishCommand;
  /** IPSEC (the default) when the hosts got credentials and charon is installed, else NONE, said why. */
  private Encryption encryption = Encryption.IPSEC;

  public Walkthrough(PrintWriter out, Function<SpecificRecord, String> publishCommand) {
    this.n = new Narrator(out);
    this.publishCommand = publishCommand;
  }

  public PacketWorld build(Path dir) {
    n.heading("Building two hosts as network namespaces, the cluster, the stream apps and one agent per host");
    long t0 = System.nanoTime();
    List<String> hosts = List.of("H1", "H2");
    String cannot = io.netledger.agent.ipsec.Charon.binary().isEmpty()
        ? "charon is not installed (strongswan-charon)" : Pki.issueForWorld(dir, hosts);
    if (cannot == null) {
      n.progress("IPsec credentials for H1 and H2 from a throw-away CA (ca.pem, host.pem, host.key): " + dir.resolve("ipsec"));
    } else {
      encryption = Encryption.NONE;
      n.progress("no IPsec on this machine (" + cannot + "): the network opts out with --encryption NONE");
    }
    // Secure, as `dev up` is: TLS with client certificates, ACLs, one principal per process.
    PacketWorld world = PacketWorld.start(dir, hosts, n::progress, 1, false, true);
    n.say(String.format("   ready in %.1f s", (System.nanoTime() - t0) / 1e9));
    return world;
  }

  public void tell(PacketWorld world) {
    n.heading("The orchestrator publishes the application: stack rocket-chat, network managed 10.42.0.0/16");
    n.say("(hosts H1 and H2 registered themselves when the world was built)");
    publish(world, SeedScenario.network(encryption));
    Map<String, String> hostOf = new LinkedHashMap<>();
    hostOf.put("rocketchat", "H1");
    hostOf.put("mongo", "H2");
    hostOf.put("hubot", "H2");
    Map<String, String> ips = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : hostOf.entrySet()) {
      ContainerStarted started = SeedScenario.container(c.getKey(), c.getValue());
      world.world().addContainer(c.getKey());
      long t0 = System.nanoTime();
      publish(world, started);
      String ip = world.awaitAddress(started.getNetns(), Duration.ofSeconds(60));
      ips.put(c.getKey(), ip);
      n.progress(String.format("%s has %s on eth0 after %d ms", c.getKey(), ip, (System.nanoTime() - t0) / 1_000_000));
    }

    n.heading("Hosts and containers (from netledger.allocations.v1; every container has one address)");
    n.say("$ netledger get allocation c-<name>   # or: ip netns exec nlc-<name> ip addr show eth0");
    table(world, hostOf);

    n.heading("From the mongo container: ping hubot (same host)");
    n.inContainer("mongo", "ping", "-c4", "-i0.2", "hubot");
    n.heading("traceroute hubot: one hop through the host");
    n.inContainer("mongo", "traceroute", "-n", "-w1", "-q1", "-m5", "hubot");
    n.heading("traceroute rocketchat: across to H1 over VXLAN (H2 does not answer; H1 answers from its tunnel address, as in the walkthrough)");
    n.inContainer("mongo", "traceroute", "-n", "-w1", "-q1", "-m5", "rocketchat");
    n.heading("mongo's ARP table: the host-side MAC for every other address (proxy ARP)");
    n.inContainer("mongo", "ping", "-c1", "-W1", "rocketchat");
    n.inContainer("mongo", "ip", "neigh", "show");
    n.heading("DNS and metadata on 169.254.169.250, served by the host's agent from the log");
    n.inContainer("mongo", "cat", "/etc/resolv.conf");
    n.inContainer("mongo", "dig", "+short", "hubot.rocket-chat.rancher.internal");
    n.inContainer("mongo", "bash", "-c", "exec 3<>/dev/tcp/169.254.169.250/80; printf 'GET /latest/self/container"
        + " HTTP/1.0\\r\\n\\r\\n' >&3; sed 1,/^.$/d <&3; echo");
    tellSecureAndReachable(world);
    n.heading("What the agents report (netledger.agent-status.v1)");
    Map<String, SpecificRecord> status = latest(world, Topics.AGENT_STATUS);
    status.forEach((host, s) -> n.say("  " + host + ": " + s));
  }

  /**
   * The walkthrough's last steps on a world whose seed containers already run (the end of
   * {@link #tell}, and what the encrypted-mesh test asserts): with IPSEC, H2's charon's
   * connections and SAs and a capture of the underlay while mongo pings rocketchat; then the way
   * out (mongo fetches from outside) and the way in (Rocket.Chat at H1's underlay address:3000).
   */
  public void tellSecureAndReachable(PacketWorld world) {
    if (encryption == Encryption.IPSEC) {
      encryptedMesh(world);
    }
    egress(world);
  }

  /** The walkthrough's "secure by default": H2's IKEv2 connection and established SA to H1. */
  private void encryptedMesh(PacketWorld world) {
    n.heading("The mesh is encrypted (IPsec is the default): on H2, its charon's connections and SAs");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!PacketWorld.swanctl("H2", "--list-sas").output().contains("ESTABLISHED") && System.nanoTime() < deadline) {
      PacketWorld.sleep(200);
    }
    for (String what : List.of("--list-conns", "--list-sas")) {
      n.say("$ ip netns exec " + NetnsWorld.hostNs("H2") + " swanctl " + what);
      Shell.Result r = PacketWorld.swanctl("H2", what);
      r.output().lines().forEach(l -> n.say("  " + l));
    }
    underlayCapture(world);
  }

  /**
   * What the underlay carries between H1 and H2 while mongo pings rocketchat, captured on the
   * bridge all hosts' eth0 hang on: ESP in UDP 4500 only, nothing in the clear (no ICMP, no
   * VXLAN on 4789). Prints a few captured lines and the counts.
   */
  private void underlayCapture(PacketWorld world) {
    String h1 = world.world().hosts().get("H1");
    String h2 = world.world().hosts().get("H2");
    n.heading("On the underlay between H1 and H2 while mongo pings rocketchat: only ESP in UDP 4500, no ICMP in the clear");
    String filter = "ip and host " + h1 + " and host " + h2;
    n.say("$ tcpdump -lni " + NetnsWorld.BRIDGE + " '" + filter + "'   # the underlay bridge, in the root namespace");
    Path lines = world.dir().resolve("underlay-capture.txt");
    Path errors = world.dir().resolve("underlay-capture.err");
    Process capture;
    try {
      capture = new ProcessBuilder("timeout", "15", "tcpdump", "-lni", NetnsWorld.BRIDGE, "-c", "200", filter)
          .redirectOutput(lines.toFile()).redirectError(errors.toFile()).start();
    } catch (java.io.IOException e) {
      n.progress("cannot run tcpdump (apt-get install tcpdump): " + e.getMessage());
      return;
    }
    List<String> captured;
    try {
      // tcpdump says "listening on" once its filter is in place; what is sent before is not seen.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (capture.isAlive() && System.nanoTime() < deadline && !read(errors).contains("listening on")) {
        PacketWorld.sleep(50);
      }
      n.inContainer("mongo", "ping", "-c4", "-i0.2", "-W1", "rocketchat");
      PacketWorld.sleep(300);
    } finally {
      capture.destroy(); // timeout passes the TERM on; tcpdump -l has written every line already
      try {
        capture.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      capture.destroyForcibly();
    }
    captured = read(lines).lines().filter(l -> !l.isBlank()).toList();
    captured.stream().limit(4).forEach(l -> n.say("  " + l));
    if (captured.size() > 4) {
      n.say("  ...");
    }
    long esp = captured.stream().filter(l -> l.contains(".4500 > ") && l.contains("UDP-encap: ESP")).count();
    long clear = captured.stream().filter(l -> l.contains("ICMP") || l.contains("VXLAN") || l.contains(".4789")).count();
    n.say(String.format("  %d packets between H1 and H2: %d ESP-in-UDP (UDP 4500), %d in the clear (ICMP or VXLAN)",
        captured.size(), esp, clear));
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * The way out: a machine on the underlay that is no netledger host serves a page naming who
   * asked; mongo (on H2) fetches it and is seen as H2's underlay address (masquerade), while its
   * table {@code inet netledger} on H2 shows why.
   */
  private void egress(PacketWorld world) {
    n.heading("The way out: mongo fetches a page from a machine outside every network, which sees H2's underlay address");
    String outside = world.world().addOutside();
    n.progress("outside: namespace " + NetnsWorld.OUTSIDE_NS + ", eth0 " + outside + ", serving HTTP on port 8080");
    try {
      // The page as a script file: socat's address syntax gives ':' ',' and '\\' meanings of its own.
      Path page = java.nio.file.Files.writeString(world.dir().resolve("outside-page.sh"),
          "printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello from outside; you are %s\\n' \"$SOCAT_PEERADDR\"\n");
      new ProcessBuilder("ip", "netns", "exec", NetnsWorld.OUTSIDE_NS, "socat", "TCP-LISTEN:8080,bind=" + outside
          + ",reuseaddr,fork", "SYSTEM:sh " + page)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      n.progress("cannot start socat in " + NetnsWorld.OUTSIDE_NS + ": " + e.getMessage());
      return;
    }
    PacketWorld.sleep(300);
    n.inContainer("mongo", "bash", "-c", "exec 3<>/dev/tcp/" + outside + "/8080; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3;"
        + " timeout 3 cat <&3");
    n.say("(H2's underlay address is " + world.world().hosts().get("H2") + "; the rule that did it, on H2:)");
    n.say("$ ip netns exec " + NetnsWorld.hostNs("H2") + " nft list chain inet netledger postrouting");
    Shell.inNetns(NetnsWorld.hostNs("H2"), 10, "nft", "list", "chain", "inet", "netledger", "postrouting").output()
        .lines().forEach(l -> n.say("  " + l));
    ingress(world, outside);
  }

  /**
   * The way in: rocketchat serves HTTP on its port, published on H1 (its ContainerStarted says
   * 3000:3000); the outside machine fetches it at H1's underlay address, DNATed by H1's table.
   */
  private void ingress(PacketWorld world, String outside) {
    String h1 = world.world().hosts().get("H1");
    int port = SeedScenario.ROCKETCHAT_PORT;
    n.heading("The way in: Rocket.Chat is available at " + h1 + ":" + port + " (published on H1), fetched from outside");
    try {
      Path page = java.nio.file.Files.writeString(world.dir().resolve("rocketchat-page.sh"),
          "printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nRocket.Chat here; you are %s\\n' \"$SOCAT_PEERADDR\"\n");
      new ProcessBuilder("ip", "netns", "exec", NetnsWorld.containerNs("rocketchat"), "socat",
          "TCP-LISTEN:" + port + ",reuseaddr,fork", "SYSTEM:sh " + page)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      n.progress("cannot start socat in " + NetnsWorld.containerNs("rocketchat") + ": " + e.getMessage());
      return;
    }
    PacketWorld.sleep(300);
    String url = "http://" + h1 + ":" + port + "/";
    n.say("$ ip netns exec " + NetnsWorld.OUTSIDE_NS + " curl -s -m 3 " + url);
    Shell.inNetns(NetnsWorld.OUTSIDE_NS, 10, "curl", "-s", "-m", "3", url).output().lines()
        .forEach(l -> n.say("  " + l));
    n.say("Rocket.Chat is available at " + h1 + ":" + port + " (the rule that did it, on H1:)");
    Shell.inNetns(NetnsWorld.hostNs("H1"), 10, "nft", "list", "chain", "inet", "netledger", "ports").output()
        .lines().forEach(l -> n.say("  " + l));
  }

  private void publish(PacketWorld world, SpecificRecord event) {
    n.say("$ " + publishCommand.apply(event));
    Published at = world.publish(event);
    n.progress("acknowledged at " + at);
  }

  private void table(PacketWorld world, Map<String, String> hostOf) {
    Map<String, SpecificRecord> allocations = latest(world, Topics.ALLOCATIONS);
    n.say(String.format("  %-5s %-12s %-19s %-12s %s", "HOST", "CONTAINER", "MAC", "IP", "BLOCK"));
    for (Map.Entry<String, String> c : hostOf.entrySet()) {
      Allocation a = (Allocation) allocations.get("c-" + c.getKey());
      if (a != null && a.getState() == AllocationState.ALLOCATED) {
        n.say(String.format("  %-5s %-12s %-19s %-12s %s", c.getValue(), c.getKey(), a.getMac(),
            a.getIp() + "/" + a.getPrefixLength(), a.getBlockCidr()));
      }
    }
    for (String h : List.of("H1", "H2")) {
      Allocation a = (Allocation) allocations.get("host/" + h + "/" + SeedScenario.NETWORK);
      if (a != null) {
        n.say(String.format("  %-5s %-12s %-19s %-12s %s", h, "(host)", a.getMac(), a.getIp(), "tunnel/VTEP, gateway"));
      }
    }
  }

  static Map<String, SpecificRecord> latest(PacketWorld world, io.netledger.events.topic.Topic<?> topic) {
    Map<String, SpecificRecord> m = new LinkedHashMap<>();
    LogReader.readAll(world.cluster().bootstrapServers(), world.cluster().operatorTls().orElse(null),
        world.cluster().registryUrl(), List.of(topic),
        (t, p, o, key, value) -> {
          if (value == null) {
            m.remove(key);
          } else {
            m.put(key, value);
          }
        });
    return m;
  }

  /** What to try while {@code --keep} holds everything up; {@code pageUrl} is the Infrastructure page, when one runs. */
  public void explore(Path dir, String pageUrl) {
    n.heading("--keep: everything stays up. Explore:");
    if (pageUrl != null) {
      n.say("  open " + pageUrl + "          # the Infrastructure page: hosts, containers, addresses, the mesh, live");
    }
    n.say("  ip netns list                                   # nlh-* are hosts, nlc-* containers");
    n.say("  ip netns exec " + NetnsWorld.containerNs("mongo") + " ping hubot");
    n.say("  ip netns exec " + NetnsWorld.hostNs("H2") + " ip route show table 104242");
    n.say("  ip netns exec " + NetnsWorld.hostNs("H2") + " bridge fdb show dev nlx4242");
    n.say("  ./netledger topics --data-dir " + dir.resolve("cluster"));
    n.say("  logs: " + dir + "/*.log");
    n.say("Stop it with Ctrl-C here, or from another shell: ./netledger demo down");
  }
}
