package io.netledger.agent.dataplane;

import io.netledger.agent.calc.DesiredState;
import io.netledger.agent.calc.HostConfig;
import io.netledger.agent.calc.HostStateDelta;
import io.netledger.agent.calc.HostStateImage;
import io.netledger.agent.calc.FirewallPlan;
import io.netledger.agent.kernel.Kernel;
import io.netledger.agent.kernel.KernelException;
import io.netledger.agent.kernel.NftTable;
import io.netledger.agent.kernel.Nftables;
import java.util.ArrayList;
import java.util.List;
import io.netledger.avro.HostStateSlice;

/**
 * The agent's dataplane manager. {@link #onUpdate} only records a host-state record and marks the
 * dataplane dirty (no kernel I/O, as felix's managers); {@link #apply} computes the desired state
 * from everything recorded and hands it whole to the {@link Reconciler}.
 *
 * <p>Nothing is deleted until {@link #markCaughtUp()}: before the agent has read its partition to
 * the end offset recorded at start, a missing slice may only be not-yet-read (Kafka's
 * {@code MetadataLoader} publishes nothing while catching up). Not thread-safe: one agent loop
 * calls it.
 *
 * <p>With {@link Nftables} the agent also owns the table {@code inet netledger}
 * ({@link FirewallPlan}: egress masquerade and the filters that keep it from becoming a way into
 * another network or the host), written only once caught up, whole, in one transaction, and
 * read back in the reconciler's style: on resync, after a failure, and when the desired table
 * changed; otherwise taken to hold what the last write left. Without it no network gets egress.
 */
public final class Dataplane {
  private final HostConfig host;
  private final Reconciler reconciler;
  private HostStateImage image = HostStateImage.EMPTY;
  private HostStateDelta pending;
  private boolean caughtUp;
  private boolean dirty = true;
  private boolean resync = true;
  private ApplyReport last = ApplyReport.NOTHING;
  private final Nftables nft;
  /** What the last clean write or read left in the kernel; null: unknown, read it back. */
  private NftTable nftApplied;
  private boolean nftFailed;
  private final java.util.function.LongSupplier nanos;
  private int failedApplies;
  private long retryBackoffNanos;
  private long nextRetryNanos;

  /**
   * A failed object is retried on the next apply once (most failures are a race that is over by
   * then), then after 100 ms, doubling to at most 5 s while it keeps failing.
   */
  static final long FIRST_RETRY_NANOS = 100_000_000L;
  static final long MAX_RETRY_NANOS = 5_000_000_000L;

  public Dataplane(HostConfig host, Kernel kernel) {
    this(host, kernel, (Nftables) null);
  }

  /** {@code nft} null: no nftables table, no egress (as before there was one). */
  public Dataplane(HostConfig host, Kernel kernel, Nftables nft) {
    this(host, kernel, nft, System::nanoTime);
  }

  /** With the clock retries are timed by (tests pass their own). */
  public Dataplane(HostConfig host, Kernel kernel, java.util.function.LongSupplier nanos) {
    this(host, kernel, null, nanos);
  }

  public Dataplane(HostConfig host, Kernel kernel, Nftables nft, java.util.function.LongSupplier nanos) {
    this.host = host;
    this.reconciler = new Reconciler(kernel);
    this.nft = nft;
    this.nanos = nanos;
  }

  /** Records one record of {@code netledger.host-state.v1} ({@code slice} null = tombstone). */
  public void onUpdate(String key, HostStateSlice slice) {
    if (pending == null) {
      pending = image.delta();
    }
    pending.replay(key, slice);
    dirty = true;
  }

  /** The agent has read its partition up to the end offset recorded at start: sweeping is now safe. */
  public void markCaughtUp() {
    if (!caughtUp) {
      caughtUp = true;
      dirty = true;
      resync = true;
    }
  }

  public boolean caughtUp() {
    return caughtUp;
  }

  /** Asks the next {@link #apply} to re-read and repair every namespace (periodic drift repair). */
  public void requestResync() {
    dirty = true;
    resync = true;
  }

  /**
   * Reconciles the kernel with everything recorded so far when something changed, the last apply
   * left failures, or a resync was requested; otherwise does nothing and returns
   * {@link ApplyReport#NOTHING}.
   */
  public ApplyReport apply() {
    if (pending != null) {
      image = pending.apply();
      pending = null;
    }
    if (!dirty && last.clean() && !nftFailed) {
      return ApplyReport.NOTHING;
    }
    long now = nanos.getAsLong();
    if (!dirty && now - nextRetryNanos < 0) {
      // Only failures are left (e.g. a container namespace that does not exist yet): retry with
      // backoff instead of on every poll; a new record or a resync still applies at once.
      return ApplyReport.NOTHING;
    }
    DesiredState desired = desiredState();
    last = reconciler.reconcile(desired, caughtUp, resync);
    if (nft != null) {
      last = firewall(last);
    }
    dirty = false;
    resync = !last.clean(); // failed objects may sit in namespaces that look clean
    if (last.errors().isEmpty()) {
      failedApplies = 0;
      retryBackoffNanos = 0;
    } else if (++failedApplies > 1) {
      retryBackoffNanos = retryBackoffNanos == 0 ? FIRST_RETRY_NANOS : Math.min(MAX_RETRY_NANOS, retryBackoffNanos * 2);
      nextRetryNanos = now + retryBackoffNanos;
    } else {
      nextRetryNanos = now;
    }
    return last;
  }

  /** Brings the table {@code inet netledger} to the plan; a failure is a problem of the report and retried. */
  private ApplyReport firewall(ApplyReport r) {
    if (!caughtUp) {
      return r; // a table from half the log would drop what the rest adds back
    }
    NftTable want = firewallPlan();
    int changes = r.changes();
    List<String> problems = new ArrayList<>(r.problems());
    try {
      if (resync || nftFailed || nftApplied == null || !want.equals(nftApplied)) {
        boolean matches = nft.read().map(have -> !want.isEmpty() && have.equals(want.shape())).orElse(want.isEmpty());
        if (!matches) {
          nft.replace(want);
          changes++;
        }
      }
      nftApplied = want;
      nftFailed = false;
    } catch (KernelException e) {
      nftApplied = null;
      nftFailed = true;
      problems.add("nftables table " + NftTable.FAMILY + " " + NftTable.NAME + ": " + e.getMessage());
    }
    return new ApplyReport(changes, r.errors(), r.deferredDeletes(), problems, r.programmed());
  }

  /** The nftables table of what has been recorded. */
  public NftTable firewallPlan() {
    HostStateImage current = pending == null ? image : pending.apply();
    return FirewallPlan.from(host, current.slices().values());
  }

  /** The desired state of what has been recorded (applied or not). */
  public DesiredState desiredState() {
    HostStateImage current = pending == null ? image : pending.apply();
    return DesiredState.from(host, current.slices().values(), nft != null);
  }

  /** What has been applied (for consumers of the same slices, e.g. the IPsec tunnel plan). */
  public HostStateImage image() {
    return image;
  }

  /** Highest host-state generation recorded: what agent-status reports once apply() is clean. */
  public long generation() {
    return image.generation();
  }
}
