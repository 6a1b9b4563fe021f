package io.netledger.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.agent.calc.Owned;
import io.netledger.agent.kernel.Address;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.PortMapping;
import io.netledger.avro.PortProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private FakeControlPlane plane;
  private Attachments attachments;
  private CniService service;

  @BeforeEach
  void setUp() {
    plane = new FakeControlPlane();
    attachments = new Attachments(dir.resolve("state"));
    service = new CniService("H1", plane, plane.watch, plane, plane.kernel, attachments, Duration.ofMillis(500));
  }

  static CniRequest request(String command, String id, String args) {
    ObjectNode config = JSON.createObjectNode().put("cniVersion", "1.0.0").put("name", "netledger")
        .put("type", "netledger-cni").put("networkId", "managed");
    return new CniRequest(command, id, "/run/netns/netns-" + id, "eth0", args, config);
  }

  @Test
  void addReturnsTheProgrammedInterfaceAddressRouteAndDns() throws Exception {
    ObjectNode r = service.add(request("ADD", "c1", "IgnoreUnknown=1;K8S_POD_NAME=Web_1"));
    // A prevResult the reference plugins read: the host's veth end first (no sandbox, what
    // bandwidth shapes), then the container's interface, which the address names by index.
    assertEquals(Owned.vethName("c1"), r.at("/interfaces/0/name").asText());
    assertFalse(r.at("/interfaces/0").has("sandbox"));
    assertEquals("eth0", r.at("/interfaces/1/name").asText());
    assertEquals("/run/netns/netns-c1", r.at("/interfaces/1/sandbox").asText());
    assertEquals(1, r.at("/ips/0/interface").asInt());
    assertEquals("10.42.0.2/16", r.at("/ips/0/address").asText());
    assertEquals("0.0.0.0/0", r.at("/routes/0/dst").asText());
    assertEquals("169.254.169.250", r.at("/dns/nameservers/0").asText());
    assertEquals("rancher.internal", r.at("/dns/search/0").asText());
    assertEquals("web-1", ((ContainerStarted) plane.published.get(0)).getName());
    assertTrue(attachments.get("c1").isPresent());
  }

  static CniRequest withPorts(String id, String portMappings) throws Exception {
    CniRequest r = request("ADD", id, null);
    ((ObjectNode) r.config()).putObject("runtimeConfig").set("portMappings", JSON.readTree(portMappings));
    return r;
  }

  @Test
  void portMappingsOfTheRuntimeArePublishedWithTheStart() throws Exception {
    // What podman passes for `-p 8080:80 -p 127.0.0.1:5353:53/udp` with the portMappings capability.
    service.add(withPorts("c1", "[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\",\"hostIP\":\"\"},"
        + "{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"127.0.0.1\"}]"));
    ContainerStarted started = (ContainerStarted) plane.published.get(0);
    assertEquals(List.of(
        PortMapping.newBuilder().setHostIp(null).setHostPort(8080).setContainerPort(80).setProtocol(PortProtocol.TCP).build(),
        PortMapping.newBuilder().setHostIp("127.0.0.1").setHostPort(5353).setContainerPort(53)
            .setProtocol(PortProtocol.UDP).build()), started.getPorts());
    service.add(request("ADD", "c2", null));
    assertEquals(List.of(), ((ContainerStarted) plane.published.get(1)).getPorts());
  }

  @Test
  void portMappingsWeCannotHonourFailTheAddAndPublishNothing() throws Exception {
    for (String bad : List.of("[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"sctp\"}]",
        "[{\"hostPort\":\"http\",\"containerPort\":80}]", "{\"hostPort\":8080}")) {
      CniError e = assertThrows(CniError.class, () -> service.add(withPorts("c1", bad)), bad);
      assertTrue(e.getMessage().contains("runtimeConfig.portMappings"), e.getMessage());
    }
    assertTrue(plane.published.isEmpty());
    assertTrue(attachments.all().isEmpty());
  }

  @Test
  void repeatedAddPublishesOnce() throws Exception {
    service.add(request("ADD", "c1", null));
    service.add(request("ADD", "c1", null));
    assertEquals(1, plane.published.size());
  }

  @Test
  void rejectedAddFailsWithTheAllocatorsReasonAndLeavesNothing() {
    plane.full = true;
    CniError e = assertThrows(CniError.class, () -> service.add(request("ADD", "c1", null)));
    assertEquals(CniError.REJECTED, e.code());
    assertTrue(e.getMessage().contains("no free address"), e.getMessage());
    assertTrue(attachments.all().isEmpty());
  }

  @Test
  void addNotProgrammedInTimeIsTakenBack() {
    plane.programKernel = false;
    CniError e = assertThrows(CniError.class, () -> service.add(request("ADD", "c1", null)));
    assertEquals(CniError.NOT_PROGRAMMED, e.code());
    assertTrue(plane.published.get(1) instanceof ContainerRemoved);
    assertTrue(attachments.all().isEmpty());
  }

  @Test
  void delIsIdempotent() throws Exception {
    service.del(request("DEL", "unknown", null));
    assertTrue(plane.published.isEmpty());
    service.add(request("ADD", "c1", null));
    service.del(request("DEL", "c1", null));
    service.del(request("DEL", "c1", null));
    assertEquals(2, plane.published.size());
    assertTrue(plane.published.get(1) instanceof ContainerRemoved);
    assertFalse(plane.watch.endpoint("c1").isPresent());
  }

  @Test
  void checkComparesTheKernel() throws Exception {
    service.add(request("ADD", "c1", null));
    service.check(request("CHECK", "c1", null));
    plane.kernel.remove(Namespace.of("/run/netns/netns-c1"), new Address("eth0", "10.42.0.2/16"));
    CniError e = assertThrows(CniError.class, () -> service.check(request("CHECK", "c1", null)));
    assertEquals(CniError.CHECK_FAILED, e.code());
  }

  @Test
  void gcReleasesOnlyCniAttachmentsNotListed() throws Exception {
    service.add(request("ADD", "c1", null));
    service.add(request("ADD", "c2", null));
    assertEquals(List.of("c2"), service.gc(Set.of("c1")));
    assertTrue(plane.watch.endpoint("c1").isPresent());
    assertFalse(plane.watch.endpoint("c2").isPresent());
  }

  @Test
  void unsupportedRequestsAreClearErrors() {
    assertEquals(CniError.UNSUPPORTED, assertThrows(CniError.class,
        () -> service.add(request("ADD", "c1", "MAC=02:00:00:00:00:09"))).code());
    assertEquals(CniError.INVALID_ENV, assertThrows(CniError.class,
        () -> service.add(request("ADD", "../etc", null))).code());
    assertTrue(plane.published.isEmpty());
  }

  @Test
  void statusWaitsForCatchUp() {
    service.status();
    EndpointWatch fresh = new EndpointWatch();
    CniService notYet = new CniService("H1", plane, fresh, plane, plane.kernel, attachments, Duration.ofMillis(100));
    assertEquals(CniError.NOT_AVAILABLE, assertThrows(CniError.class, notYet::status).code());
  }
}
