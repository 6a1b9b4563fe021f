package io.netledger.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.AcceptedFact;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.publish.Decision;
import io.netledger.events.publish.Published;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code publish --wait} prints for each decision. */
class PublishWaitTest {
  private static final Published AT = new Published("netledger.containers.v1", 2, 17, "c1", "e1");

  @Test
  void anAcceptedStartNamesItsAddress() {
    Allocation a = new Allocation();
    a.setNetworkId("managed");
    a.setKind(AllocationKind.CONTAINER);
    a.setOwnerId("c1");
    a.setHostId("H1");
    a.setIp("10.42.0.7");
    a.setPrefixLength(16);
    a.setState(AllocationState.ALLOCATED);
    Decision d = new Decision.Accepted(AT, new AcceptedFact(), List.of(a));
    assertEquals("accepted ContainerStarted netledger.containers.v1/2@17 (eventId e1); c1 ALLOCATED 10.42.0.7/16"
        + " in managed on H1", PublishWait.describe("ContainerStarted", d));
    Map<String, Object> json = PublishWait.toJson("ContainerStarted", AT, Optional.of(d));
    assertEquals("accepted", json.get("decision"));
    assertEquals("10.42.0.7", ((List<Map<String, Object>>) json.get("allocations")).get(0).get("ip"));
  }

  @Test
  void aRefusalGivesReasonAndMessage() {
    Rejection r = new Rejection();
    r.setReason(RejectionReason.UNKNOWN_NETWORK);
    r.setMessage("network nowhere is not known");
    Decision d = new Decision.Refused(AT, r);
    assertTrue(PublishWait.describe("ContainerStarted", d).endsWith("UNKNOWN_NETWORK: network nowhere is not known"));
    Map<String, Object> json = PublishWait.toJson("ContainerStarted", AT, Optional.of(d));
    assertEquals("refused", json.get("decision"));
    assertEquals("UNKNOWN_NETWORK", json.get("reason"));
    assertEquals("none", PublishWait.toJson("ContainerStarted", AT, Optional.empty()).get("decision"));
  }
}
