package io.netledger.agent.kernel;

import java.util.List;
import java.util.Optional;

/**
 * The agent's door to nftables, for its own table {@link NftTable} {@code inet netledger} only:
 * read its shape back, replace it whole. Nothing else in the ruleset is ever read or written.
 * Production: {@link NftCommand}; tests: {@link FakeNftables}.
 */
public interface Nftables {
  /** The table's chains as listed now, or empty when there is no such table; throws {@link KernelException}. */
  Optional<List<NftTable.ChainShape>> read();

  /** Replaces the table with {@code table} in one transaction (deletes it when empty); throws {@link KernelException}. */
  void replace(NftTable table);
}
