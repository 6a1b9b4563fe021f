package io.netledger.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.avro.Allocation;
import io.netledger.avro.Rejection;
import io.netledger.events.publish.Decision;
import io.netledger.events.publish.DecisionWatch;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.Published;
import io.netledger.events.publish.PublisherConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code publish ... --wait}: publishes, then waits for the allocator's decision on that input
 * ({@link DecisionWatch}, positioned before publishing so the decision cannot be missed) and
 * turns it into an exit code: 0 accepted, {@link #REFUSED} refused, {@link #UNDECIDED} none in
 * time.
 */
final class PublishWait {
  /** The allocator refused the event (the same code as invalid input: the event was wrong). */
  static final int REFUSED = 2;
  /** Kafka took the event but no decision arrived within the wait: the outcome is unknown. */
  static final int UNDECIDED = 3;

  private PublishWait() {}

  static int publishAndWait(PublisherConfig config, SpecificRecord payload, String eventId, Duration wait,
      boolean json, PrintWriter out, PrintWriter err) throws Exception {
    Optional<Decision> decision;
    Published at;
    try (DecisionWatch watch = DecisionWatch.open(config);
         EventPublisher publisher = EventPublisher.create(config)) {
      at = publisher.publish(payload, eventId);
      decision = watch.await(at, wait).get();
    }
    String event = payload.getSchema().getName();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(toJson(event, at, decision)));
    }
    if (decision.isEmpty()) {
      err.printf("netledger: published %s %s (eventId %s) but no decision arrived within %d ms;"
          + " the allocator may be down or behind (see `netledger get rejections`, `audit`)%n",
          event, at, at.eventId(), wait.toMillis());
      return UNDECIDED;
    }
    if (decision.get() instanceof Decision.Refused r) {
      if (!json) {
        out.println(describe(event, decision.get()));
      }
      err.printf("netledger: refused %s: %s%n", r.rejection().getReason(), r.rejection().getMessage());
      return REFUSED;
    }
    if (!json) {
      out.println(describe(event, decision.get()));
    }
    return 0;
  }

  /** One line per decision, naming the allocated addresses or the reason. */
  static String describe(String event, Decision d) {
    if (d instanceof Decision.Refused r) {
      Rejection rej = r.rejection();
      return "refused " + event + " " + d.input() + " (eventId " + d.input().eventId() + "): "
          + rej.getReason() + ": " + rej.getMessage();
    }
    List<Allocation> allocations = ((Decision.Accepted) d).allocations();
    StringBuilder sb = new StringBuilder("accepted " + event + " " + d.input() + " (eventId " + d.input().eventId() + ")");
    for (Allocation a : allocations) {
      sb.append("; ").append(a.getOwnerId()).append(' ').append(a.getState());
      if (a.getIp() != null) {
        sb.append(' ').append(a.getIp()).append('/').append(a.getPrefixLength());
      }
      sb.append(" in ").append(a.getNetworkId()).append(" on ").append(a.getHostId());
    }
    return sb.toString();
  }

  static Map<String, Object> toJson(String event, Published at, Optional<Decision> d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event);
    m.put("topic", at.topic());
    m.put("partition", at.partition());
    m.put("offset", at.offset());
    m.put("key", at.key());
    m.put("eventId", at.eventId());
    if (d.isEmpty()) {
      m.put("decision", "none");
    } else if (d.get() instanceof Decision.Refused r) {
      m.put("decision", "refused");
      m.put("reason", String.valueOf(r.rejection().getReason()));
      m.put("message", r.rejection().getMessage());
    } else {
      m.put("decision", "accepted");
      m.put("allocations", ((Decision.Accepted) d.get()).allocations().stream().map(a -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("networkId", a.getNetworkId());
        x.put("ownerId", a.getOwnerId());
        x.put("hostId", a.getHostId());
        x.put("state", String.valueOf(a.getState()));
        x.put("ip", a.getIp());
        x.put("prefixLength", a.getPrefixLength());
        return x;
      }).toList());
    }
    return m;
  }
}
