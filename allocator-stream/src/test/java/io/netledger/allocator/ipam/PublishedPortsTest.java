package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.AllocationState;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.PortMapping;
import io.netledger.avro.PortProtocol;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host ports: one holder per host, protocol and overlapping address; released on stop. */
class PublishedPortsTest {
  Script s;

  @BeforeEach
  void setUp() {
    s = new Script();
    s.network(TestInputs.network("managed", "10.42.0.0/16", 26));
    s.network(TestInputs.network("other", "10.43.0.0/16", 26));
    s.host("H1");
    s.host("H2");
  }

  static PortMapping port(String hostIp, int hostPort, int containerPort, PortProtocol protocol) {
    return new PortMapping(hostIp, hostPort, containerPort, protocol);
  }

  private Decision start(String id, String host, String network, PortMapping... ports) {
    ContainerStarted c = TestInputs.container(id, id, null, null, host, network);
    c.setPorts(List.of(ports));
    return s.start(c);
  }

  @Test
  void theAllocationCarriesItsPortsAndASecondHolderIsRefusedNamingTheFirst() {
    PortMapping web = port(null, 3000, 3000, PortProtocol.TCP);
    assertEquals(Decision.Outcome.APPLIED, start("c-rocketchat", "H1", "managed", web).outcome());
    assertEquals(List.of(web), s.allocation("c-rocketchat").getPorts());

    Decision d = start("c-other", "H1", "other", port(null, 3000, 8080, PortProtocol.TCP));
    assertEquals(Decision.Outcome.REJECTED, d.outcome());
    Rejection r = Script.rejection(d);
    assertEquals(RejectionReason.PORT_IN_USE, r.getReason());
    assertTrue(r.getMessage().contains("c-rocketchat") && r.getMessage().contains("3000/tcp")
        && r.getMessage().contains("H1"), r.getMessage());
    assertEquals(AllocationState.FAILED, s.allocation("c-other").getState());
    assertTrue(s.allocation("c-other").getReason().startsWith("PORT_IN_USE"), s.allocation("c-other").getReason());
    assertTrue(s.allocation("c-other").getPorts().isEmpty(), "a failed start holds no port");
  }

  @Test
  void otherHostsOtherProtocolsAndDisjointAddressesDoNotClash() {
    start("c-a", "H1", "managed", port("192.0.2.1", 53, 53, PortProtocol.UDP));
    assertEquals(Decision.Outcome.APPLIED,
        start("c-b", "H2", "managed", port(null, 53, 53, PortProtocol.UDP)).outcome(), "another host");
    assertEquals(Decision.Outcome.APPLIED,
        start("c-c", "H1", "managed", port(null, 53, 53, PortProtocol.TCP)).outcome(), "another protocol");
    assertEquals(Decision.Outcome.APPLIED,
        start("c-d", "H1", "managed", port("192.0.2.2", 53, 53, PortProtocol.UDP)).outcome(), "another address");
    assertEquals(RejectionReason.PORT_IN_USE, Script.rejection(
        start("c-e", "H1", "managed", port("192.0.2.1", 53, 5353, PortProtocol.UDP))).getReason(), "same address");
    Rejection any = Script.rejection(start("c-f", "H1", "managed", port(null, 53, 53, PortProtocol.UDP)));
    assertEquals(RejectionReason.PORT_IN_USE, any.getReason(), "every address overlaps one");
    assertEquals(4, s.image.ports().size());
    assertEquals("c-c", s.image.ports().holder("H1", port("192.0.2.9", 53, 1, PortProtocol.TCP)),
        "a port on every address covers each address");
  }

  @Test
  void stoppingOrRemovingTheHolderFreesThePortAndARepeatedStartIsNoClash() {
    PortMapping web = port(null, 3000, 3000, PortProtocol.TCP);
    start("c-rocketchat", "H1", "managed", web);
    assertEquals(Decision.Outcome.DUPLICATE, start("c-rocketchat", "H1", "managed", web).outcome());
    s.stop("c-rocketchat");
    assertNull(s.image.ports().holder("H1", web));
    assertEquals(Decision.Outcome.APPLIED, start("c-next", "H1", "managed", web).outcome());
    s.remove("c-next");
    assertEquals(Decision.Outcome.APPLIED, start("c-rocketchat", "H1", "managed", web).outcome(), "restart");
    s.removeHost("H1");
    assertEquals(0, s.image.ports().size(), "a host leaving releases its containers' ports");
  }
}
