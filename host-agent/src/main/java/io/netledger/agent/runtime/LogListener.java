package io.netledger.agent.runtime;

import io.netledger.agent.dataplane.ApplyReport;
import io.netledger.avro.Allocation;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostStateSlice;

/**
 * What the agent loop tells the parts that serve from the log (DNS, metadata, resolv.conf) as
 * it reads. Called on the loop's thread, in log order; an implementation only records what it
 * is told and must not block.
 */
public interface LogListener {
  /** A record of this host's state ({@code slice} null = tombstone). */
  default void onHostState(String key, HostStateSlice slice) {}

  /** A record of {@code netledger.dns-records.v1} ({@code record} null = tombstone). */
  default void onDnsRecord(String key, DnsRecord record) {}

  /**
   * A record of {@code netledger.allocations.v1} ({@code value} null = tombstone); only when the
   * loop was built to read allocations ({@link AgentLoop.Builder#readAllocations}).
   */
  default void onAllocation(String key, Allocation value) {}

  /** The loop has read everything that was in the log when it started. */
  default void onCaughtUp() {}

  /** The loop has handed over every record of one poll (called after the records, before apply). */
  default void onBatchEnd() {}

  /** The loop finished applying a batch to the kernel (after onHostState calls of that batch). */
  default void onApplied(ApplyReport report) {}
}
