package io.netledger.agent.runtime;

import io.netledger.agent.dns.DnsDelta;
import io.netledger.agent.dns.DnsView;
import io.netledger.agent.resolv.ResolvConf;
import io.netledger.agent.resolv.ResolvConfWriter;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostStateSlice;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the DNS and metadata servers answer from ({@link DnsView}) in step with the log,
 * and each local container's resolv.conf. The loop thread replays records into a delta and
 * publishes a new immutable view at the end of each batch; the servers' threads only ever read
 * the latest published view ({@link #view()}), so no lock is needed. resolv.conf files are
 * written only once caught up, because writing also removes files of containers not (yet) read.
 */
public final class ServingListener implements LogListener {
  private static final Logger LOG = LoggerFactory.getLogger(ServingListener.class);

  private final String nameserver;
  private final ResolvConfWriter resolv;
  private volatile DnsView view;
  private DnsDelta pending;
  private boolean caughtUp;

  /** @param resolv where resolv.conf files go, or null to write none */
  public ServingListener(String hostId, String nameserver, ResolvConfWriter resolv) {
    this.nameserver = nameserver;
    this.resolv = resolv;
    this.view = DnsView.empty(hostId);
  }

  public Supplier<DnsView> view() {
    return () -> view;
  }

  @Override
  public void onHostState(String key, HostStateSlice slice) {
    delta().replayHostState(key, slice);
  }

  @Override
  public void onDnsRecord(String key, DnsRecord record) {
    delta().replayDnsRecord(key, record);
  }

  @Override
  public void onCaughtUp() {
    caughtUp = true;
    onBatchEnd();
    writeResolvConf();
  }

  @Override
  public void onBatchEnd() {
    if (pending != null) {
      view = pending.apply();
      pending = null;
      if (caughtUp) {
        writeResolvConf();
      }
    }
  }

  private DnsDelta delta() {
    if (pending == null) {
      pending = new DnsDelta(view);
    }
    return pending;
  }

  private void writeResolvConf() {
    if (resolv == null) {
      return;
    }
    try {
      ResolvConfWriter.Result r = resolv.reconcile(ResolvConf.desired(view, nameserver));
      if (!r.written().isEmpty() || !r.removed().isEmpty()) {
        LOG.info("resolv.conf written for {}, removed for {}", r.written(), r.removed());
      }
    } catch (RuntimeException e) {
      LOG.error("cannot write resolv.conf files: {}", e.getMessage(), e);
    }
  }
}
