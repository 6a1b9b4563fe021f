package io.netledger.agent.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stateful {@link Nftables} for tests: holds the shape of the last table written, counts
 * transactions, and lets a test make drift (change what a read shows) or fail the next calls.
 */
public final class FakeNftables implements Nftables {
  private List<NftTable.ChainShape> table;
  private NftTable last;
  private int writes;
  private int reads;
  private String failNext;

  @Override
  public synchronized Optional<List<NftTable.ChainShape>> read() {
    reads++;
    fail();
    return Optional.ofNullable(table);
  }

  @Override
  public synchronized void replace(NftTable t) {
    fail();
    writes++;
    last = t;
    table = t.isEmpty() ? null : t.shape();
  }

  private void fail() {
    if (failNext != null) {
      String m = failNext;
      failNext = null;
      throw new KernelException(m);
    }
  }

  /** Someone else changed the table: a read now shows {@code shape} (null: the table is gone). */
  public synchronized void drift(List<NftTable.ChainShape> shape) {
    table = shape == null ? null : new ArrayList<>(shape);
  }

  /** The next read or write throws {@link KernelException} with {@code message}. */
  public synchronized void failNext(String message) {
    failNext = message;
  }

  public synchronized Optional<List<NftTable.ChainShape>> current() {
    return Optional.ofNullable(table);
  }

  /** The last table written, or null. */
  public synchronized NftTable last() {
    return last;
  }

  public synchronized int writes() {
    return writes;
  }

  public synchronized int reads() {
    return reads;
  }
}
