package io.netledger.audit;

import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.HostEvent;
import io.netledger.avro.Rejection;
import io.netledger.events.topic.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The full history of one container or one host: every decision whose input concerns it and every
 * derived record that concerns it, in decision order. For a container: its own lifecycle events
 * and its allocation. For a host: its registration and removal, the containers started on it, its
 * host addresses, its blocks and its containers' allocations.
 *
 * <pre>{@code
 * SubjectHistory h = SubjectHistory.container("c-mongo");   // or SubjectHistory.host("H2")
 * new Replay(config, List.of(h)) ... ; h.entries();
 * }</pre>
 */
public final class SubjectHistory implements Replay.Listener {
  /**
   * One decision that concerns the subject.
   *
   * @param step the decision (input coordinates, log time, decoded input or its rejection)
   * @param changes the records of that decision that concern the subject (all of them when the
   *     input itself is the subject's)
   */
  public record Entry(Step step, List<OutputRecord> changes) {}

  private enum Kind { CONTAINER, HOST }

  private final Kind kind;
  private final String id;
  private final List<Entry> entries = new ArrayList<>();
  /**
   * Allocation and block keys that were the host's, so their tombstones (which carry no value,
   * hence no hostId) still show in its history.
   */
  private final Set<String> keys = new HashSet<>();

  private SubjectHistory(Kind kind, String id) {
    this.kind = kind;
    this.id = id;
  }

  public static SubjectHistory container(String containerId) {
    return new SubjectHistory(Kind.CONTAINER, containerId);
  }

  public static SubjectHistory host(String hostId) {
    return new SubjectHistory(Kind.HOST, hostId);
  }

  @Override
  public void decided(Step step, List<OutputRecord> outputs) {
    boolean own = ownInput(step);
    List<OutputRecord> mine = new ArrayList<>();
    for (OutputRecord o : outputs) {
      if (own || concerns(o)) {
        mine.add(o);
      }
    }
    if (own || !mine.isEmpty()) {
      entries.add(new Entry(step, List.copyOf(mine)));
    }
  }

  private boolean ownInput(Step step) {
    InputEvent e = step.input().event();
    if (e == null) {
      Rejection r = (Rejection) step.input().rejection().value();
      String topic = r.getInput().getTopic();
      return id.equals(step.key()) && topic.equals(kind == Kind.CONTAINER ? Topics.CONTAINERS.name() : Topics.HOSTS.name());
    }
    if (kind == Kind.CONTAINER) {
      return e.envelope() instanceof ContainerEvent && id.equals(e.key());
    }
    if (e.envelope() instanceof HostEvent) {
      return id.equals(e.key());
    }
    return e.envelope() instanceof ContainerEvent c && c.getPayload() instanceof ContainerStarted s
        && id.equals(s.getHostId());
  }

  private boolean concerns(OutputRecord o) {
    String t = o.topic();
    if (kind == Kind.CONTAINER) {
      return t.equals(Topics.ALLOCATIONS.name()) && id.equals(o.key());
    }
    if (t.equals(Topics.ALLOCATIONS.name())) {
      Allocation a = (Allocation) o.value();
      if (a != null && id.equals(a.getHostId())) {
        keys.add(o.key());
        return true;
      }
      return a == null && keys.contains(o.key());
    }
    if (t.equals(Topics.IPAM_BLOCKS.name())) {
      BlockAffinity b = (BlockAffinity) o.value();
      if (b != null && id.equals(b.getHostId())) {
        keys.add(o.key());
        return true;
      }
      return b == null && keys.contains(o.key());
    }
    return false;
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }
}
