package io.netledger.gateway;

import io.netledger.avro.Allocation;
import io.netledger.avro.Rejection;
import io.netledger.events.publish.Decision;
import io.netledger.events.publish.Published;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * The answer to {@code POST ...?wait=decided} once Kafka acknowledged the event: 200 with the
 * addresses allocated when the allocator accepted it, 422 with the rejection's reason and message
 * when it refused it, 504 when no decision arrived within the wait (the event is on the log; its
 * outcome is unknown). Pure: status and body from the decision.
 */
record DecidedAnswer(int status, JsonObject body) {
  static DecidedAnswer of(String event, Published at, Optional<Decision> decision, Duration wait) {
    JsonObject body = new JsonObject().put("event", event).put("topic", at.topic()).put("partition", at.partition())
        .put("offset", at.offset()).put("key", at.key()).put("eventId", at.eventId());
    if (decision.isEmpty()) {
      return new DecidedAnswer(504, body.put("decision", "none")
          .put("error", "the event is on the log but the allocator's decision did not arrive within "
              + wait.toMillis() + " ms; its outcome is unknown (see GET netledger.rejected.v1 or `netledger audit`)"));
    }
    if (decision.get() instanceof Decision.Refused r) {
      Rejection rej = r.rejection();
      return new DecidedAnswer(422, body.put("decision", "refused").put("reason", String.valueOf(rej.getReason()))
          .put("error", rej.getMessage()).put("rejectedBy", rej.getRejectedBy()));
    }
    JsonArray allocations = new JsonArray();
    for (Allocation a : ((Decision.Accepted) decision.get()).allocations()) {
      allocations.add(new JsonObject().put("networkId", a.getNetworkId()).put("ownerId", a.getOwnerId())
          .put("hostId", a.getHostId()).put("state", String.valueOf(a.getState())).put("ip", a.getIp())
          .put("prefixLength", a.getPrefixLength()));
    }
    return new DecidedAnswer(200, body.put("decision", "accepted").put("allocations", allocations));
  }
}
