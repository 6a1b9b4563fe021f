package io.netledger.agent.runtime;

import io.netledger.agent.metadata.MetadataDelta;
import io.netledger.agent.metadata.MetadataView;
import io.netledger.avro.Allocation;
import io.netledger.avro.HostStateSlice;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the metadata API's {@link MetadataView} in step with the log: the loop thread replays
 * allocations and this host's slices into a delta and publishes a new view at the end of each
 * batch, then tells the server ({@link #onChange}) so waiting long polls are answered. A record
 * the delta refuses is logged with its key and skipped; the rest of the batch still applies.
 */
public final class MetadataListener implements LogListener {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataListener.class);

  private volatile MetadataView view;
  private volatile Runnable onChange = () -> { };
  private MetadataDelta pending;

  public MetadataListener(String hostId, String underlayIp) {
    this.view = MetadataView.empty(hostId, underlayIp);
  }

  public Supplier<MetadataView> view() {
    return () -> view;
  }

  /** Called on the loop thread after each new view is published. */
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
      if (next != view) {
        view = next;
        onChange.run();
      }
    }
  }

  private MetadataDelta delta() {
    if (pending == null) {
      pending = new MetadataDelta(view);
    }
    return pending;
  }
}
