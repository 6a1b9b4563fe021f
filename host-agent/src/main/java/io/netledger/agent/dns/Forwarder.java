package io.netledger.agent.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends a query to the upstream resolvers (dnsjava's async resolvers, which also retry a
 * truncated UDP answer over TCP) and completes with their answer, or fails once the overall
 * timeout has passed.
 *
 * <p>The overall timeout is split across the upstreams, each tried once in order, so a dead
 * first upstream still leaves time for the next one within the budget the client waits for.
 */
public final class Forwarder {
  private final ExtendedResolver resolver;
  private final Duration timeout;

  public Forwarder(List<InetSocketAddress> upstreams, Duration timeout) {
    this.timeout = timeout;
    if (upstreams.isEmpty()) {
      this.resolver = null;
      return;
    }
    List<Resolver> each = upstreams.stream().map(a -> (Resolver) new SimpleResolver(a)).toList();
    this.resolver = new ExtendedResolver(each);
    resolver.setRetries(1);
    resolver.setTimeout(timeout.dividedBy(upstreams.size()));
  }

  /** The upstream's answer (any rcode), or a failed stage on timeout, I/O error or no upstream. */
  public CompletionStage<Message> forward(Message query) {
    if (resolver == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no upstream resolver configured"));
    }
    return resolver.sendAsync(query).toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
