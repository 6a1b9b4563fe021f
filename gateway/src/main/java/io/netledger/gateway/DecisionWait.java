package io.netledger.gateway;

import io.netledger.events.publish.Decision;
import io.netledger.events.publish.DecisionWatch;
import io.netledger.events.publish.Published;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@code ?wait=decided} gets the allocator's decision on an acknowledged event: in
 * production one shared {@link DecisionWatch} per gateway (its thread completes the futures, so
 * the event loop never blocks); in tests a fake. {@link #NONE}: the gateway was started without
 * one, and {@code ?wait=decided} is answered 501.
 */
public interface DecisionWait {
  /** True once a decision on anything published from now on will be seen. */
  boolean ready();

  /** The decision on the input at {@code at}; empty when none arrived within {@code wait}. */
  CompletableFuture<Optional<Decision>> await(Published at, Duration wait);

  DecisionWait NONE = new DecisionWait() {
    @Override
    public boolean ready() {
      return false;
    }

    @Override
    public CompletableFuture<Optional<Decision>> await(Published at, Duration wait) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
  };

  static DecisionWait of(DecisionWatch watch) {
    return new DecisionWait() {
      @Override
      public boolean ready() {
        return watch.positioned();
      }

      @Override
      public CompletableFuture<Optional<Decision>> await(Published at, Duration wait) {
        return watch.await(at, wait);
      }
    };
  }
}
