package io.netledger.agent.runtime;

import io.netledger.agent.cni.CniSettings;
import io.netledger.agent.gateway.GatewayClient;
import io.netledger.agent.ipsec.IpsecConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Agent} runs: the loop's {@link AgentConfig}, where its metrics listen, and each
 * optional feature, absent until asked for: DNS and metadata ({@link Serving}), the CNI door
 * ({@link CniSettings}), encrypted networks ({@link IpsecConfig}), the gateway the CNI door
 * publishes through ({@link GatewayClient}; absent: straight to the broker), and extra log listeners.
 *
 * <pre>{@code
 * AgentSpec spec = AgentSpec.of(AgentConfig.of("H1", "198.51.100.11", bootstrap, registryUrl))
 *     .withMetrics("127.0.0.1", 9464)
 *     .withServing(serving)          // DNS + metadata on 169.254.169.250
 *     .withIpsec(IpsecConfig.of(credentialsDir, workDir));
 * try (Agent agent = Agent.start(spec)) { ... }
 * }</pre>
 */
public record AgentSpec(AgentConfig config, String metricsAddress, int metricsPort, Optional<Serving> serving,
    Optional<CniSettings> cni, Optional<IpsecConfig> ipsec, List<LogListener> listeners,
    Optional<GatewayClient> gateway) {

  public AgentSpec {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(metricsAddress, "metricsAddress");
    listeners = List.copyOf(listeners);
  }

  /** The loop alone, metrics on an ephemeral loopback port. */
  public static AgentSpec of(AgentConfig config) {
    return new AgentSpec(config, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
        Optional.empty());
  }

  public AgentSpec withMetrics(String address, int port) {
    return new AgentSpec(config, address, port, serving, cni, ipsec, listeners, gateway);
  }

  public AgentSpec withServing(Serving s) {
    return new AgentSpec(config, metricsAddress, metricsPort, Optional.of(s), cni, ipsec, listeners, gateway);
  }

  public AgentSpec withCni(CniSettings c) {
    return new AgentSpec(config, metricsAddress, metricsPort, serving, Optional.of(c), ipsec, listeners, gateway);
  }

  public AgentSpec withIpsec(IpsecConfig i) {
    return new AgentSpec(config, metricsAddress, metricsPort, serving, cni, Optional.of(i), listeners, gateway);
  }

  public AgentSpec withListener(LogListener l) {
    List<LogListener> more = new ArrayList<>(listeners);
    more.add(l);
    return new AgentSpec(config, metricsAddress, metricsPort, serving, cni, ipsec, more, gateway);
  }

  public AgentSpec withGateway(GatewayClient g) {
    return new AgentSpec(config, metricsAddress, metricsPort, serving, cni, ipsec, listeners, Optional.of(g));
  }
}
