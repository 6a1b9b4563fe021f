package io.netledger.cli.command;

import io.netledger.agent.cni.CniSettings;
import io.netledger.agent.dns.Upstreams;
import io.netledger.agent.gateway.GatewayClient;
import io.netledger.agent.ipsec.IpsecConfig;
import io.netledger.agent.runtime.Agent;
import io.netledger.agent.runtime.AgentConfig;
import io.netledger.agent.runtime.AgentSpec;
import io.netledger.agent.runtime.Serving;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.cli.ClusterOptions;
import io.netledger.cli.DurationConverter;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.demo.LogReader;
import io.netledger.devcluster.world.Shell;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.topic.Topics;
import io.netledger.events.security.KafkaTls;
import io.netledger.events.security.Principal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Run the host agent in this network namespace.",
        "It reads this host's partition of host-state, programs the kernel and reports agent-status."
            + " Ctrl-C stops it (kernel state stays)."})
public final class AgentCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--host-id", required = true, description = "This host's id.")
  String hostId;

  @Option(names = "--underlay-ip", required = true, description = "This host's underlay address (VXLAN source).")
  String underlayIp;

  @Option(names = "--underlay-device", description = "The underlay interface (default: chosen by route).")
  String underlayDevice;

  @Option(names = "--register", description = "Publish HostRegistered for this host before starting.")
  boolean register;

  @Option(names = "--wait-for-broker", description = {"When no broker answers at start, start anyway: the kernel",
      "stays as programmed (nothing is swept before catching up), DNS and metadata answer once the log is read,",
      "and the agent catches up when a broker answers. For restarts under a supervisor; without it an",
      "unreachable broker exits 1."})
  boolean waitForBroker;

  @Option(names = "--metrics-address", defaultValue = "127.0.0.1", description = "Address of /metrics (default ${DEFAULT-VALUE}).")
  String metricsAddress;

  @Option(names = "--metrics-port", defaultValue = "9464", description = "Port of /metrics (default ${DEFAULT-VALUE}; 0: any).")
  int metricsPort;

  @Option(names = "--resync-interval", defaultValue = "30s", converter = DurationConverter.class,
      description = "How often the kernel is re-read and drift repaired (default ${DEFAULT-VALUE}).")
  Duration resyncInterval;

  @Option(names = "--serve-address", defaultValue = "169.254.169.250",
      description = "Where DNS and metadata are served to containers (default ${DEFAULT-VALUE}).")
  String serveAddress;

  @Option(names = "--dns-port", defaultValue = "53", description = "DNS port, UDP and TCP (default ${DEFAULT-VALUE}).")
  int dnsPort;

  @Option(names = "--metadata-port", defaultValue = "80", description = "Metadata HTTP port (default ${DEFAULT-VALUE}).")
  int metadataPort;

  @Option(names = "--dns-upstream", paramLabel = "IP",
      description = {"Resolver for names outside netledger's domains; repeat for several.",
          "Default: the nameservers of /etc/resolv.conf. `none`: answer SERVFAIL instead of forwarding."})
  List<String> dnsUpstreams;

  @Option(names = "--no-serve", description = "Serve no DNS, metadata or resolv.conf.")
  boolean noServe;

  @Option(names = "--resolv-root", defaultValue = "/etc/netns",
      description = "Where containers' resolv.conf files go (default ${DEFAULT-VALUE}).")
  Path resolvRoot;

  @Option(names = "--cni-socket", description = "Serve the CNI plugin's API on this Unix socket (default: no CNI).")
  Path cniSocket;

  @Option(names = "--cni-state-dir", description = "Where CNI attachments are recorded (default: <socket>.d).")
  Path cniStateDir;

  @Option(names = "--ipsec-dir", paramLabel = "DIR",
      description = {"This host's IPsec credentials: ca.pem (cluster CA), host.pem (this host's certificate,",
          "subject = its ikeIdentity), host.key. Without it, networks with encryption IPSEC are refused."})
  Path ipsecDir;

  @Option(names = "--gateway", paramLabel = "URL",
      description = {"Publish this host's facts (CNI container events, --register) through the gateway at URL",
          "(https://...) over mutual TLS with the host's certificate from --ipsec-dir, instead of straight to the",
          "broker: the gateway accepts only facts about this host. Without it: direct (experiments, --insecure)."})
  java.net.URI gatewayUrl;

  @Option(names = "--gateway-credentials", paramLabel = "DIR",
      description = "The host's credentials for the gateway (ca.pem, host.pem, host.key; default: --ipsec-dir).")
  Path gatewayCredentials;

  @Option(names = "--gateway-timeout", defaultValue = "15s", converter = DurationConverter.class,
      description = {"Longest wait for one answer of the gateway (default ${DEFAULT-VALUE}: longer than the",
          "gateway's own 10 s wait for Kafka, so its 503 and reason arrive rather than a bare timeout)."})
  Duration gatewayTimeout;

  @Option(names = "--ipsec-work-dir", paramLabel = "DIR",
      description = "Where this host's charon keeps its config, socket and log (default /var/lib/netledger/ipsec-<host-id>; not under /run, which charon gets a private copy of).")
  Path ipsecWorkDir;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (!Shell.run(List.of("ip", "-V"), 5).ok()) {
      throw new IllegalStateException("iproute2 is missing: `ip -V` failed (install the iproute2 package)");
    }
    GatewayClient gateway = gateway();
    ClusterInfo info = cluster.resolve();
    // A host's Kafka identity is its IPsec certificate (subject = its ikeIdentity): --tls-dir,
    // else cluster.json's entry for host-<id>, else on a secure cluster its --ipsec-dir.
    Path tls = cluster.tlsDir(Principal.host(hostId).kafkaUser());
    if (tls == null && cluster.secure() && ipsecDir != null) {
      tls = ipsecDir;
    }
    boolean reachable = true;
    try {
      checkBroker(info.bootstrapServers(), tls, cluster.timeout);
    } catch (IllegalStateException e) {
      if (!waitForBroker) {
        throw e;
      }
      reachable = false;
      spec.commandLine().getErr().println("netledger agent: " + e.getMessage() + "; starting anyway (--wait-for-broker):"
          + " the kernel stays as programmed until the agent has caught up"
          + (register ? "; HostRegistered not published" : "; registration not checked"));
    }
    if (!reachable) {
      // nothing to publish or check without a broker; the loop waits for one
    } else if (register && gateway != null) {
      // Through the gateway: it accepts the registration only for this host and only with the
      // identity of the certificate the host presents, so peers' tunnels can only end here.
      gateway.publish(HostRegistered.newBuilder().setHostId(hostId).setHostname(hostId.toLowerCase())
          .setUnderlayIp(underlayIp).setIkeIdentity(gateway.principal().ikeIdentity()).build());
    } else if (register) {
      try (EventPublisher p = EventPublisher.create(PublisherConfig.of(info.bootstrapServers(), info.registryUrl(),
          "netledger-agent-" + hostId).withTimeout(cluster.timeout).withTls(tls))) {
        p.publish(HostRegistered.newBuilder().setHostId(hostId).setHostname(hostId.toLowerCase())
            .setUnderlayIp(underlayIp).build());
      }
    } else {
      checkRegistered(info, tls);
    }
    AgentConfig config = AgentConfig.of(hostId, underlayIp, info.bootstrapServers(), info.registryUrl())
        .withResyncInterval(resyncInterval).withUnderlayDevice(underlayDevice).withTlsDir(tls);
    AgentSpec agentSpec = AgentSpec.of(config).withMetrics(metricsAddress, metricsPort);
    if (!noServe) {
      agentSpec = agentSpec.withServing(new Serving(serveAddress, dnsPort, metadataPort, upstreams(), resolvRoot));
    }
    if (cniSocket != null) {
      agentSpec = agentSpec.withCni(new CniSettings(cniSocket, cniStateDir != null ? cniStateDir : Path.of(cniSocket + ".d"),
          Duration.ofSeconds(30)));
    }
    if (ipsecDir != null) {
      agentSpec = agentSpec.withIpsec(IpsecConfig.of(ipsecDir,
          ipsecWorkDir != null ? ipsecWorkDir : Path.of("/var/lib/netledger/ipsec-" + hostId)));
    }
    if (gateway != null) {
      agentSpec = agentSpec.withGateway(gateway);
    }
    Agent agent = Agent.start(agentSpec);
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "netledger-agent-stop"));
    out.printf("agent %s running (underlay %s); metrics on http://%s:%d/metrics; capabilities %s%n",
        hostId, underlayIp, metricsAddress, agent.metricsPort(), agent.capabilities());
    out.flush();
    return awaitLoop(agent::join, agent::failure, agent::close, hostId, spec.commandLine().getErr());
  }

  /** Waiting for the loop to end, as {@link #awaitLoop} needs it. */
  @FunctionalInterface
  interface Join {
    void join() throws InterruptedException;
  }

  /**
   * Waits for the agent's loop to end and gives the process's exit code: 0 when it was closed,
   * 1 (naming the cause on {@code err}, after closing the agent) when it died. Never a clean exit
   * for a dead loop: a supervisor restarts it, a person sees why.
   */
  static int awaitLoop(Join join, java.util.function.Supplier<Throwable> failure, Runnable close, String hostId,
      java.io.PrintWriter err) throws InterruptedException {
    join.join();
    Throwable died = failure.get();
    if (died != null) {
      err.println("netledger agent: the loop of " + hostId + " died: " + died);
      err.flush();
      close.run();
      return 1;
    }
    return 0;
  }

  /** The gateway client from --gateway and --ipsec-dir, null without --gateway; bad flags say why. */
  private GatewayClient gateway() {
    if (gatewayUrl == null) {
      return null;
    }
    Path credentials = gatewayCredentials != null ? gatewayCredentials : ipsecDir;
    if (credentials == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--gateway needs the host's credentials:"
          + " --ipsec-dir DIR with ca.pem, host.pem and host.key");
    }
    if (!"https".equals(gatewayUrl.getScheme())) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--gateway must be an https:// URL (got "
          + gatewayUrl + "): the host authenticates with its certificate");
    }
    GatewayClient g;
    try {
      g = GatewayClient.create(gatewayUrl, credentials, gatewayTimeout);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!g.principal().isHost(hostId)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the certificate in " + credentials
          + " speaks for " + g.principal() + ", not for host " + hostId + " (--host-id)");
    }
    return g;
  }

  private List<java.net.InetSocketAddress> upstreams() throws java.io.IOException {
    if (dnsUpstreams == null) {
      return Upstreams.fromResolvConf(Path.of("/etc/resolv.conf"),
          java.net.InetAddress.getByName(serveAddress));
    }
    if (dnsUpstreams.equals(List.of("none"))) {
      return List.of();
    }
    return Upstreams.parse(dnsUpstreams.stream().map(u -> "nameserver " + u).toList(),
        java.net.InetAddress.getByName(serveAddress));
  }

  private static void checkBroker(String bootstrap, Path tls, Duration timeout) {
    Map<String, Object> props = new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
    KafkaTls.applyTo(props, tls);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the broker at " + bootstrap + " is unreachable within "
          + timeout.toSeconds() + " s", e);
    }
  }

  /** An agent for a host the log does not know would program nothing: say so instead. */
  private void checkRegistered(ClusterInfo info, Path tls) {
    AtomicReference<Object> last = new AtomicReference<>();
    LogReader.readAll(info.bootstrapServers(), tls, info.registryUrl(), List.of(Topics.HOSTS),
        (topic, partition, offset, key, value) -> {
          if (hostId.equals(key)) {
            last.set(((HostEvent) value).getPayload());
          }
        });
    if (!(last.get() instanceof HostRegistered)) {
      throw new IllegalStateException("host " + hostId + " is not registered on " + Topics.HOSTS.name()
          + (last.get() == null ? "" : " (it was removed)")
          + ": publish host-registered for it, or pass --register");
    }
  }
}
