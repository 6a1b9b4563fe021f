package io.netledger.agent.ipsec;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * /metrics for the tunnels: per peer whether its SA is up and its ESP byte and packet counters
 * (as charon counts them for the current CHILD SA, so they restart at a rekey), plus the number
 * of tunnels up and charon restarts and initiations. {@link #accept} is called after every check.
 */
public final class IpsecMetrics implements Consumer<IpsecStatus> {
  private volatile IpsecStatus last = IpsecStatus.NONE;
  private final MultiGauge up;
  private final MultiGauge bytesIn;
  private final MultiGauge bytesOut;
  private final MultiGauge packetsIn;
  private final MultiGauge packetsOut;

  public IpsecMetrics(MeterRegistry meters, String hostId) {
    Gauge.builder("netledger.agent.ipsec.tunnels.up", this, m -> m.last.tunnelsUp()).tag("host", hostId)
        .description("Tunnels with an established IKE SA and an installed CHILD SA").register(meters);
    Gauge.builder("netledger.agent.ipsec.tunnels", this, m -> m.last.tunnels().size()).tag("host", hostId)
        .description("Tunnels this host should have (peers in its encrypted networks)").register(meters);
    Gauge.builder("netledger.agent.ipsec.charon.running", this, m -> m.last.charonRunning() ? 1 : 0)
        .tag("host", hostId).register(meters);
    FunctionCounter.builder("netledger.agent.ipsec.charon.restarts", this, m -> m.last.charonRestarts())
        .tag("host", hostId).description("Times the agent restarted a dead charon").register(meters);
    FunctionCounter.builder("netledger.agent.ipsec.initiations", this, m -> m.last.initiations())
        .tag("host", hostId).description("SA initiations the supervisor started").register(meters);
    up = MultiGauge.builder("netledger.agent.ipsec.sa.up").tag("host", hostId).register(meters);
    bytesIn = MultiGauge.builder("netledger.agent.ipsec.sa.bytes.in").tag("host", hostId).register(meters);
    bytesOut = MultiGauge.builder("netledger.agent.ipsec.sa.bytes.out").tag("host", hostId).register(meters);
    packetsIn = MultiGauge.builder("netledger.agent.ipsec.sa.packets.in").tag("host", hostId).register(meters);
    packetsOut = MultiGauge.builder("netledger.agent.ipsec.sa.packets.out").tag("host", hostId).register(meters);
  }

  @Override
  public void accept(IpsecStatus status) {
    last = status;
    List<MultiGauge.Row<?>> u = new ArrayList<>();
    List<MultiGauge.Row<?>> bi = new ArrayList<>();
    List<MultiGauge.Row<?>> bo = new ArrayList<>();
    List<MultiGauge.Row<?>> pi = new ArrayList<>();
    List<MultiGauge.Row<?>> po = new ArrayList<>();
    for (IpsecStatus.TunnelState t : status.tunnels()) {
      Tags peer = Tags.of("peer", t.peerHostId());
      u.add(MultiGauge.Row.of(peer, t.up() ? 1 : 0));
      bi.add(MultiGauge.Row.of(peer, t.bytesIn()));
      bo.add(MultiGauge.Row.of(peer, t.bytesOut()));
      pi.add(MultiGauge.Row.of(peer, t.packetsIn()));
      po.add(MultiGauge.Row.of(peer, t.packetsOut()));
    }
    // overwrite: a peer that left the mesh disappears from /metrics
    up.register(u, true);
    bytesIn.register(bi, true);
    bytesOut.register(bo, true);
    packetsIn.register(pi, true);
    packetsOut.register(po, true);
  }
}
