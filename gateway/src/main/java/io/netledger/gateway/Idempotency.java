package io.netledger.gateway;

import io.netledger.events.publish.Published;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the gateway remembers per {@code Idempotency-Key}: the request it stood for (a fingerprint
 * of method, path and body) and the publish it started. A retry with the same key joins that
 * publish (in flight or done) instead of sending a second event; the same key with another
 * request is refused. A publish that failed is forgotten, so the retry publishes again (with the
 * same eventId, which downstream de-duplicates on). Bounded: the oldest keys go first, which is
 * the usual contract of idempotency keys (retries come soon, not weeks later).
 */
final class Idempotency {
  /** One remembered key. */
  record Entry(String fingerprint, CompletableFuture<Published> publish) {}

  /** The outcome of {@link #claim}: either the caller publishes, or it replays {@code existing}. */
  record Claim(Entry existing, boolean conflict) {
    boolean owner() {
      return existing == null;
    }
  }

  private final int capacity;
  private final Map<String, Entry> entries;

  Idempotency(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > Idempotency.this.capacity;
      }
    };
  }

  /** Claims {@code key} for a new publish, or returns what already holds it. */
  synchronized Claim claim(String key, String fingerprint, CompletableFuture<Published> publish) {
    Entry existing = entries.get(key);
    if (existing == null) {
      entries.put(key, new Entry(fingerprint, publish));
      // Forget failures so that a retry really retries.
      publish.whenComplete((p, e) -> {
        if (e != null) {
          forget(key, publish);
        }
      });
      return new Claim(null, false);
    }
    return new Claim(existing, !existing.fingerprint().equals(fingerprint));
  }

  private synchronized void forget(String key, CompletableFuture<Published> publish) {
    Entry e = entries.get(key);
    if (e != null && e.publish() == publish) {
      entries.remove(key);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
