package io.netledger.audit;

import io.netledger.avro.Allocation;
import io.netledger.avro.InputCoordinates;
import java.time.Instant;

/**
 * One holder of an address for one interval: from the decision that gave it the address to the
 * decision that took it away ({@code to} null while it still holds it). Times are the log times of
 * those decisions' inputs; the coordinates name the input records.
 *
 * @param key the allocations-topic key ({@code <containerId>} or {@code host/<hostId>/<networkId>})
 * @param allocation the allocation as it was when the address was given
 */
public record Tenure(String networkId, String ip, String key, Allocation allocation,
    Instant from, InputCoordinates fromInput, Instant to, InputCoordinates toInput) {

  /** True when the holder held the address at {@code t} (from inclusive, to exclusive). */
  public boolean heldAt(Instant t) {
    return !from.isAfter(t) && (to == null || to.isAfter(t));
  }

  Tenure closed(Instant when, InputCoordinates by) {
    return new Tenure(networkId, ip, key, allocation, from, fromInput, when, by);
  }
}
