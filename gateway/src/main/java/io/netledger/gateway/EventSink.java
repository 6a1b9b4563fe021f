package io.netledger.gateway;

import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.Published;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where accepted events go: in production {@link EventPublisher#publishAsync}; in tests a fake.
 * May block (fetching metadata, looking up a schema) and may throw at once; the future completes
 * only when Kafka acknowledged, exceptionally otherwise.
 */
@FunctionalInterface
public interface EventSink {
  CompletableFuture<Published> publish(SpecificRecord payload, String eventId);

  static EventSink of(EventPublisher publisher) {
    return publisher::publishAsync;
  }
}
