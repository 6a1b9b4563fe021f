package io.netledger.events.publish;

import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * Wraps an input payload in its topic's envelope and names its topic and key: the one place that
 * knows which payload goes where.
 */
public final class Envelopes {
  private Envelopes() {}

  /** An envelope ready to send: topic, key and value. */
  public record Addressed<V extends SpecificRecord>(Topic<V> topic, String key, V envelope) {}

  public static Addressed<?> wrap(SpecificRecord payload, String eventId, Instant occurredAt, String source) {
    if (payload instanceof NetworkCreated e) {
      return network(e.getNetworkId(), e, eventId, occurredAt, source);
    } else if (payload instanceof NetworkDeleted e) {
      return network(e.getNetworkId(), e, eventId, occurredAt, source);
    } else if (payload instanceof HostRegistered e) {
      return host(e.getHostId(), e, eventId, occurredAt, source);
    } else if (payload instanceof HostRemoved e) {
      return host(e.getHostId(), e, eventId, occurredAt, source);
    } else if (payload instanceof ContainerStarted e) {
      return container(e.getContainerId(), e, eventId, occurredAt, source);
    } else if (payload instanceof ContainerStopped e) {
      return container(e.getContainerId(), e, eventId, occurredAt, source);
    } else if (payload instanceof ContainerRemoved e) {
      return container(e.getContainerId(), e, eventId, occurredAt, source);
    }
    throw new IllegalArgumentException("not an input event: " + payload.getClass().getSimpleName());
  }

  private static Addressed<NetworkEvent> network(String key, Object p, String id, Instant at, String src) {
    return new Addressed<>(Topics.NETWORKS, key, NetworkEvent.newBuilder()
        .setEventId(id).setOccurredAt(at).setSource(src).setPayload(p).build());
  }

  private static Addressed<HostEvent> host(String key, Object p, String id, Instant at, String src) {
    return new Addressed<>(Topics.HOSTS, key, HostEvent.newBuilder()
        .setEventId(id).setOccurredAt(at).setSource(src).setPayload(p).build());
  }

  private static Addressed<ContainerEvent> container(String key, Object p, String id, Instant at, String src) {
    return new Addressed<>(Topics.CONTAINERS, key, ContainerEvent.newBuilder()
        .setEventId(id).setOccurredAt(at).setSource(src).setPayload(p).build());
  }
}
