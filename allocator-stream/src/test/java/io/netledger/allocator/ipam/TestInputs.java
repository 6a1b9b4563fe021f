package io.netledger.allocator.ipam;

import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds input events as they would be read from the log: each topic's offsets count up from 0
 * (one partition each, for simplicity) and occurredAt advances one second per event, from a
 * fixed instant, so scripts are deterministic.
 */
public final class TestInputs {
  private final Map<String, Long> offsets = new HashMap<>();
  private long clock = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private long eventIds;

  public static NetworkCreated network(String id, String cidr, int blockPrefixLength, String... reserved) {
    return new NetworkCreated(id, id, cidr, blockPrefixLength, 4242, 1450, "rancher.internal", Encryption.NONE,
        600, List.of(reserved), true);
  }

  public static ContainerStarted container(String id, String name, String service, String stack, String host,
      String network) {
    return new ContainerStarted(id, name, service, stack, host, network, "/run/netns/" + id, null, List.of(),
        Map.of(), List.of());
  }

  public InputEvent networkEvent(Object payload) {
    String key = payload instanceof NetworkCreated c ? c.getNetworkId() : ((NetworkDeleted) payload).getNetworkId();
    return next(Topics.NETWORKS.name(), key, new NetworkEvent(id(), Instant.ofEpochMilli(tick()), "test", payload));
  }

  public InputEvent hostEvent(Object payload) {
    String key = payload instanceof HostRegistered r ? r.getHostId() : ((HostRemoved) payload).getHostId();
    return next(Topics.HOSTS.name(), key, new HostEvent(id(), Instant.ofEpochMilli(tick()), "test", payload));
  }

  public InputEvent containerEvent(Object payload) {
    String key;
    if (payload instanceof ContainerStarted s) {
      key = s.getContainerId();
    } else if (payload instanceof ContainerStopped s) {
      key = s.getContainerId();
    } else {
      key = ((ContainerRemoved) payload).getContainerId();
    }
    return next(Topics.CONTAINERS.name(), key,
        new ContainerEvent(id(), Instant.ofEpochMilli(tick()), "test", payload));
  }

  public InputEvent networkCreated(NetworkCreated c) {
    return networkEvent(c);
  }

  public InputEvent networkDeleted(String id) {
    return networkEvent(new NetworkDeleted(id));
  }

  public InputEvent hostRegistered(String id) {
    int n = Math.abs(id.hashCode() % 200) + 10;
    return hostEvent(new HostRegistered(id, id.toLowerCase(), "192.0.2." + n, Map.of(), null));
  }

  public InputEvent hostRemoved(String id) {
    return hostEvent(new HostRemoved(id));
  }

  public InputEvent started(ContainerStarted s) {
    return containerEvent(s);
  }

  public InputEvent stopped(String id) {
    return containerEvent(new ContainerStopped(id));
  }

  public InputEvent removed(String id) {
    return containerEvent(new ContainerRemoved(id));
  }

  /** The same envelope (same eventId) read again at its topic's next offset, as a producer's retry would be. */
  public InputEvent again(InputEvent e) {
    return next(e.cause().getTopic(), e.key(), e.envelope());
  }

  private InputEvent next(String topic, String key, org.apache.avro.specific.SpecificRecord envelope) {
    long offset = offsets.merge(topic, 1L, Long::sum) - 1;
    return InputEvent.of(topic, 0, offset, key, envelope);
  }

  private long tick() {
    clock += 1000;
    return clock;
  }

  private String id() {
    return "ev-" + (++eventIds);
  }
}
