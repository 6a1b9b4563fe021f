package io.netledger.agent.runtime;

import io.netledger.agent.metadata.MetadataDelta;
import io.netledger.agent.metadata.MetadataView;
import io.netledger.avro.Allocation;
import io.netledger.avro.HostStateSlice;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the metadata API's {@link MetadataView} in step with the log: the loop thread replays
 * allocations and this host's slices into a delta and publishes a new view at the end of each
 * batch, then tells the server ({@link #onChange}) so waiting long polls are answered. A record
 * the delta refuses is logged with its key and skipped; the rest of the batch still applies.
 *
 * <p>A new view's network trees are built on a thread of their own before it is published: at
 * 10,000 containers a cold tree takes 0.8–2.2 s (MetadataBench), which neither the loop thread
 * (it programs the kernel) nor the server's event loop (every request waits behind it) can
 * spare. Until then requests are answered from the previous view. Views that arrive while one is
 * being built are skipped for the newest, which reuses the container nodes of the trees built.
 */
public final class MetadataListener implements LogListener {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataListener.class);

  private volatile MetadataView view;
  private volatile Runnable onChange = () -> { };
  private volatile MetadataView newest;
  private MetadataDelta pending;
  private final ExecutorService builder;

  public MetadataListener(String hostId, String underlayIp) {
    this.view = MetadataView.empty(hostId, underlayIp);
    this.newest = view;
    this.builder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "metadata-trees-" + hostId);
      t.setDaemon(true);
      return t;
    });
  }

  public Supplier<MetadataView> view() {
    return () -> view;
  }

  /** Called on the tree builder's thread after each new view is published. */
  public void onChange(Runnable r) {
    this.onChange = r;
  }

  @Override
  public void onAllocation(String key, Allocation value) {
    try {
      delta().replayAllocation(key, value);
    } catch (IllegalArgumentException e) {
      LOG.error("metadata of {} skips an allocation: {}", view.hostId(), e.getMessage());
    }
  }

  @Override
  public void onHostState(String key, HostStateSlice slice) {
    try {
      delta().replayHostState(key, slice);
    } catch (IllegalArgumentException e) {
      LOG.error("metadata of {} skips a host-state slice: {}", view.hostId(), e.getMessage());
    }
  }

  @Override
  public void onBatchEnd() {
    if (pending != null) {
      MetadataView next = pending.apply();
      pending = null;
      if (next != newest) {
        newest = next;
        builder.execute(() -> publish(next));
      }
    }
  }

  /** Stops building trees (the agent is closing). */
  public void close() {
    builder.shutdownNow();
  }

  private void publish(MetadataView next) {
    if (next != newest) {
      return; // a newer view is queued behind this one
    }
    try {
      next.networks().keySet().forEach(next::tree);
    } catch (RuntimeException e) {
      // A tree that cannot be built is built again (and fails with its reason) in the request.
      LOG.error("metadata of {} could not prebuild its trees: {}", next.hostId(), e.toString());
    }
    view = next;
    onChange.run();
  }

  private MetadataDelta delta() {
    if (pending == null) {
      pending = new MetadataDelta(view);
    }
    return pending;
  }
}
