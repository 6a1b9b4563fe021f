package io.netledger.audit;

import io.netledger.allocator.ipam.InputEvent;
import io.netledger.avro.AcceptedFact;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostEvent;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.topic.Topics;
import io.netledger.mesh.state.MeshDelta;
import io.netledger.mesh.state.MeshImage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Rebuilds the mesh's facts with the pure mesh classes ({@link MeshDelta}) from what the allocator
 * replay sees: the network and host events it accepted (its accepted-facts records), then the
 * allocations and block affinities it wrote. The mesh itself reads those three topics with no order between them; its
 * facts converge to the same set whatever the interleaving (it holds out-of-order facts), so the
 * decision order is as good an order as any. Generations, causes and timestamps of slices do depend
 * on the interleaving, which is why {@code verify} compares only what each slice says.
 *
 * <p>All decisions go into one delta, applied once at the end: the slice diff is the costly part
 * and only the final state is compared.
 */
public final class MeshReplay implements Replay.Listener {
  private final MeshDelta delta = new MeshDelta(MeshImage.EMPTY);

  @Override
  public void decided(Step step, List<OutputRecord> outputs) {
    InputEvent e = step.input().event();
    // A tombstone carries no cause of its own: the decision's input is what caused it.
    InputCoordinates here = e != null ? e.cause() : new InputCoordinates("decision-order", 0, step.offset(), null);
    for (OutputRecord o : outputs) {
      if (o.topic().equals(Topics.ACCEPTED_FACTS.name())) {
        // Only what the allocator accepted, as the mesh reads it from accepted-facts.
        AcceptedFact f = (AcceptedFact) o.value();
        if (f.getFact() instanceof NetworkEvent n) {
          delta.replay(o.key(), n, f.getInput());
        } else if (f.getFact() instanceof HostEvent h) {
          delta.replay(o.key(), h, f.getInput());
        }
      } else if (o.topic().equals(Topics.ALLOCATIONS.name())) {
        Allocation a = (Allocation) o.value();
        delta.replayAllocation(o.key(), a, a == null ? here : a.getCause(), a == null ? step.timestamp() : a.getOccurredAt());
      } else if (o.topic().equals(Topics.IPAM_BLOCKS.name())) {
        BlockAffinity b = (BlockAffinity) o.value();
        delta.replayBlock(o.key(), b, b == null ? here : b.getCause(), b == null ? step.timestamp() : b.getOccurredAt());
      }
    }
  }

  /**
   * Every host's desired state, by host-state key, with only each slice's content (NetworkOnHost,
   * LocalEndpoint or Peer): what an agent would hold after reading its partition.
   */
  public Map<String, SpecificRecord> hostState() {
    MeshImage image = delta.apply();
    java.util.Set<String> hosts = new java.util.TreeSet<>(image.hosts().keySet());
    image.allocations().values().forEach(a -> hosts.add(a.getHostId()));
    image.blocks().values().forEach(b -> hosts.add(b.getHostId()));
    Map<String, SpecificRecord> out = new TreeMap<>();
    for (String h : hosts) {
      out.putAll(image.hostState(h));
    }
    return out;
  }
}
