package io.netledger.support.streams;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A running stream app (allocator, mesh): what callers do with one, whatever it computes. The
 * subclass builds its {@link StreamsService} (listen first, then start Streams); this closes it.
 */
public abstract class StreamsApp implements AutoCloseable {
  protected final StreamsService service;

  protected StreamsApp(StreamsService service) {
    this.service = service;
  }

  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return service.awaitRunning(timeout);
  }

  public KafkaStreams streams() {
    return service.streams();
  }

  public int httpPort() {
    return service.httpPort();
  }

  /** Graceful: commits the open transaction, leaves the group, stops listening. */
  @Override
  public void close() {
    service.close();
  }
}
