package io.netledger.audit;

import io.netledger.allocator.stream.DecisionInput;
import java.time.Instant;

/**
 * One record of the allocator's decision-order topic, decoded exactly as the allocator decodes it.
 *
 * @param offset its offset in the decision-order topic (the decision's sequence number)
 * @param timestamp the record timestamp: when the input was written to its input topic
 * @param key the input's key
 * @param value the input's value bytes (kept for the rejection of an input the allocator fails on)
 * @param input the decoded input, or the rejection the allocator wrote for it
 */
public record Step(long offset, Instant timestamp, String key, byte[] value, DecisionInput input) {}
