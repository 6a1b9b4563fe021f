package io.netledger.agent.ipsec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs and supervises this host's charon on its own thread: {@link #update} hands over the
 * latest {@link TunnelPlan} (no I/O, callable from the agent loop), and every check interval
 * {@link #check()} makes reality follow it:
 * <ol>
 *   <li>charon runs while the host is in an encrypted network; a dead charon is restarted (the
 *       restart count is reported), and its configuration reloaded;</li>
 *   <li>{@code swanctl.conf} is rewritten and loaded when the plan changed (a peer that left
 *       loses its connection, and its SA is terminated);</li>
 *   <li>every tunnel without an established SA is initiated: at once by the initiator (lower host
 *       id), by the responder only after {@code responderGrace}, so a dead initiator cannot keep a
 *       tunnel down and the two sides do not race in the normal case.</li>
 * </ol>
 * With libipsec, a missing SA also means a missing route to the peer's tunnel address (table
 * 220): encrypted VXLAN then hits the unreachable route for {@link TunnelAddress#POOL} and is
 * dropped, never sent in clear.
 */
public final class IpsecManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IpsecManager.class);

  private final Credentials credentials;
  private final boolean libipsec;
  private final Path dir;
  private final Charon charon;
  private final Swanctl swanctl;
  private final Duration responderGrace;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private volatile TunnelPlan plan = TunnelPlan.EMPTY;
  private volatile IpsecStatus status = IpsecStatus.NONE;
  private TunnelPlan loaded;
  private long restarts;
  private long initiations;
  private boolean started;
  private final Map<String, Instant> downSince = new HashMap<>();
  private final Map<String, Instant> lastInitiate = new HashMap<>();

  public IpsecManager(Credentials credentials, boolean libipsec, Path dir, List<String> wrapper,
      Duration responderGrace, Clock clock) {
    this.credentials = credentials;
    this.libipsec = libipsec;
    this.dir = dir;
    this.charon = new Charon(dir, wrapper);
    this.swanctl = new Swanctl(dir.resolve("swanctl.conf"), charon.strongswanConf(), charon.socket());
    this.responderGrace = responderGrace;
    this.clock = clock;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "netledger-ipsec");
      t.setDaemon(true);
      return t;
    });
  }

  /** Checks every {@code interval} on the manager's own thread until closed. */
  public IpsecManager startSupervising(Duration interval, java.util.function.Consumer<IpsecStatus> onCheck) {
    thread.scheduleWithFixedDelay(() -> {
      try {
        onCheck.accept(check());
      } catch (RuntimeException e) {
        LOG.error("ipsec check failed", e);
        status = withError(e.toString());
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The latest plan; takes effect at the next check. */
  public void update(TunnelPlan next) {
    plan = next;
  }

  public IpsecStatus status() {
    return status;
  }

  public Swanctl swanctl() {
    return swanctl;
  }

  public Charon charon() {
    return charon;
  }

  /** One supervision pass (also callable directly by tests); returns the new status. */
  public synchronized IpsecStatus check() {
    TunnelPlan want = plan;
    if (!want.needsCharon()) {
      if (charon.alive()) {
        charon.close();
        loaded = null;
      }
      status = IpsecStatus.NONE;
      return status;
    }
    try {
      if (!charon.alive()) {
        if (started) {
          restarts++;
          LOG.warn("charon of this host is gone; restarting it (restart {})", restarts);
        }
        charon.start(libipsec, swanctl);
        started = true;
        loaded = null;
      }
      if (!want.equals(loaded)) {
        load(want);
      }
      Map<String, SaList.IkeSa> sas = swanctl.listSas();
      Set<String> wanted = want.tunnels().stream().map(Tunnel::name).collect(Collectors.toSet());
      for (String name : sas.keySet()) {
        if (!wanted.contains(name)) {
          swanctl.terminate(name); // a peer that left: its connection is unloaded, end its SA too
        }
      }
      List<IpsecStatus.TunnelState> states = new ArrayList<>();
      Instant now = clock.instant();
      for (Tunnel t : want.tunnels()) {
        SaList.IkeSa sa = sas.get(t.name());
        states.add(state(t, sa));
        if (sa != null && sa.up()) {
          downSince.remove(t.name());
          continue;
        }
        Instant since = downSince.computeIfAbsent(t.name(), k -> now);
        boolean connecting = sa != null && ("CONNECTING".equals(sa.state()) || "ESTABLISHED".equals(sa.state()));
        Instant last = lastInitiate.get(t.name());
        boolean due = t.initiator() || !now.isBefore(since.plus(responderGrace));
        boolean calm = last == null || !now.isBefore(last.plus(responderGrace));
        if (due && (!connecting || calm)) {
          lastInitiate.put(t.name(), now);
          initiations++;
          Swanctl.Result r = swanctl.initiate(t.name(), 1);
          LOG.info("initiated {} to {}: {}", t.name(), t.peerHostId(), r.ok() ? "ok" : "pending");
        }
      }
      downSince.keySet().retainAll(wanted);
      lastInitiate.keySet().retainAll(wanted);
      status = new IpsecStatus(true, restarts, initiations, states, null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("ipsec: {}", e.getMessage());
      status = withError(e.getMessage());
    }
    return status;
  }

  private void load(TunnelPlan want) throws IOException {
    Files.createDirectories(dir);
    link("x509ca", Credentials.CA, credentials.caCert());
    link("x509", Credentials.CERT, credentials.hostCert());
    link("private", Credentials.KEY, credentials.hostKey());
    Path conf = dir.resolve("swanctl.conf");
    Path tmp = dir.resolve("swanctl.conf.tmp");
    Files.writeString(tmp, SwanctlConfig.swanctlConf(want.tunnels()));
    Files.move(tmp, conf, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Swanctl.Result r = swanctl.loadAll();
    if (!r.ok()) {
      throw new IOException("swanctl --load-all failed: " + r.output().strip());
    }
    loaded = want;
    LOG.info("charon loaded {} tunnel(s): {}", want.tunnels().size(),
        want.tunnels().stream().map(Tunnel::peerHostId).toList());
  }

  /** Links a credential where swanctl looks for it; the key itself stays where the operator put it. */
  private void link(String sub, String name, Path target) throws IOException {
    Path d = Files.createDirectories(dir.resolve(sub));
    Path l = d.resolve(name);
    if (Files.isSymbolicLink(l) && Files.readSymbolicLink(l).equals(target.toAbsolutePath())) {
      return;
    }
    Files.deleteIfExists(l);
    if (!Files.exists(l, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(l, target.toAbsolutePath());
    }
  }

  private static IpsecStatus.TunnelState state(Tunnel t, SaList.IkeSa sa) {
    if (sa == null) {
      return new IpsecStatus.TunnelState(t.peerHostId(), t.name(), "DOWN", "NONE", 0, 0, 0, 0);
    }
    SaList.ChildSa c = sa.children().stream().filter(x -> x.name().equals(t.name())).findFirst()
        .orElse(new SaList.ChildSa(t.name(), "NONE", 0, 0, 0, 0));
    return new IpsecStatus.TunnelState(t.peerHostId(), t.name(), sa.state(), c.state(), c.bytesIn(), c.packetsIn(),
        c.bytesOut(), c.packetsOut());
  }

  private IpsecStatus withError(String error) {
    IpsecStatus s = status;
    return new IpsecStatus(charon.alive(), restarts, initiations, s.tunnels(), error);
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    charon.close();
  }
}
