package io.netledger.audit;

import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.InputCoordinates;
import io.netledger.events.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every holder of one address of one network over time, from the allocations the replay writes.
 * A key holds the address from an ALLOCATED record with that ip until a record for the same key
 * says otherwise (RELEASED, FAILED, another ip, or a tombstone); a re-emitted ALLOCATED with the
 * same ip (a duplicate, a restart that keeps its address) continues the same tenure.
 *
 * <pre>{@code
 * AddressHistory h = new AddressHistory("managed", "10.42.0.66");
 * new Replay(config, List.of(h)) ... ; h.tenures();
 * }</pre>
 */
public final class AddressHistory implements Replay.Listener {
  private final String networkId;
  private final String ip;
  private final Map<String, Tenure> open = new HashMap<>();
  private final List<Tenure> tenures = new ArrayList<>();
  private boolean networkSeen;

  public AddressHistory(String networkId, String ip) {
    this.networkId = networkId;
    this.ip = ip;
  }

  @Override
  public void decided(Step step, List<OutputRecord> outputs) {
    for (OutputRecord o : outputs) {
      if (!o.topic().equals(Topics.ALLOCATIONS.name())) {
        continue;
      }
      Allocation a = (Allocation) o.value();
      if (a != null && networkId.equals(a.getNetworkId())) {
        networkSeen = true;
      }
      boolean holds = a != null && a.getState() == AllocationState.ALLOCATED && ip.equals(a.getIp())
          && networkId.equals(a.getNetworkId());
      Tenure current = open.get(o.key());
      if (current != null && !holds) {
        InputCoordinates by = a != null ? a.getCause() : causeOf(step);
        tenures.add(current.closed(step.timestamp(), by));
        open.remove(o.key());
      } else if (current == null && holds) {
        open.put(o.key(), new Tenure(networkId, ip, o.key(), a, step.timestamp(), a.getCause(), null, null));
      }
    }
  }

  private static InputCoordinates causeOf(Step step) {
    return step.input().event() != null ? step.input().event().cause()
        : ((io.netledger.avro.Rejection) step.input().rejection().value()).getInput();
  }

  /** Every tenure, closed and open, in the order they began. */
  public List<Tenure> tenures() {
    List<Tenure> all = new ArrayList<>(tenures);
    all.addAll(open.values());
    all.sort(java.util.Comparator.comparing(Tenure::from)); // stable: ties keep decision order
    return all;
  }

  /** True once any allocation of the network went by (so "never held" is about the address, not the network). */
  public boolean networkSeen() {
    return networkSeen;
  }

  @Override
  public String toString() {
    return "AddressHistory[" + networkId + " " + ip + ", " + Objects.toString(tenures()) + "]";
  }
}
