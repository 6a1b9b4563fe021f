package io.netledger.events.validate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.ContainerStarted;
import io.netledger.avro.PortMapping;
import io.netledger.avro.PortProtocol;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
  static NetworkCreated.Builder network() {
    return NetworkCreated.newBuilder().setNetworkId("managed").setName("managed")
        .setCidr("10.42.0.0/16").setVni(4242).setDnsDomain("rancher.internal");
  }

  static HostRegistered.Builder host() {
    return HostRegistered.newBuilder().setHostId("H1").setHostname("h1").setUnderlayIp("192.0.2.11");
  }

  static ContainerStarted.Builder container() {
    return ContainerStarted.newBuilder().setContainerId("c-mongo").setName("mongo")
        .setService("mongo").setStack("rocket-chat").setHostId("H2").setNetworkId("managed")
        .setNetns("nl-mongo");
  }

  @Test
  void acceptsTheSeedScenario() {
    assertDoesNotThrow(() -> EventValidator.validate(network().build()));
    assertDoesNotThrow(() -> EventValidator.validate(host().build()));
    assertDoesNotThrow(() -> EventValidator.validate(container().setRequestedIp("10.42.0.9")
        .setAliases(List.of("db")).build()));
    assertDoesNotThrow(() -> EventValidator.validate(network().setCidr("10.99.0.0/28")
        .setBlockPrefixLength(28).build()));
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("cidr", "10.42.0.1/16", network().setCidr("10.42.0.1/16")),
        bad("cidr", "not-a-cidr", network().setCidr("not-a-cidr")),
        bad("cidr", "10.0.0.0/4", network().setCidr("10.0.0.0/4")),
        bad("blockPrefixLength", "19", network().setBlockPrefixLength(19)),
        bad("blockPrefixLength", "31", network().setBlockPrefixLength(31)),
        bad("blockPrefixLength", "24", network().setCidr("10.42.0.0/26").setBlockPrefixLength(24)),
        bad("vni", "0", network().setVni(0)),
        bad("vni", "16777216", network().setVni(16_777_216)),
        bad("mtu", "575", network().setMtu(575)),
        bad("mtu", "9001", network().setMtu(9001)),
        bad("dnsDomain", "bad_domain.internal", network().setDnsDomain("bad_domain.internal")),
        bad("name", "-managed", network().setName("-managed")),
        bad("networkId", "", network().setNetworkId("")),
        bad("networkId", "a/b", network().setNetworkId("a/b")),
        bad("reservedIps", "10.43.0.1", network().setReservedIps(List.of("10.43.0.1"))),
        bad("underlayIp", "192.0.2", host().setUnderlayIp("192.0.2")),
        bad("hostname", "h_1", host().setHostname("h_1")),
        bad("hostId", "", host().setHostId("")),
        bad("name", "Mongo DB", container().setName("Mongo DB")),
        bad("service", "mongo.db", container().setService("mongo.db")),
        bad("stack", "rocket_chat", container().setStack("rocket_chat")),
        bad("stack", null, container().setStack(null)),
        bad("requestedIp", "10.42.0.256", container().setRequestedIp("10.42.0.256")),
        bad("aliases", "a b", container().setAliases(List.of("a b"))),
        bad("netns", "my ns", container().setNetns("my ns")),
        bad("netns", "/proc/1/ns/../../etc", container().setNetns("/proc/1/ns/../../etc")),
        bad("netns", "/etc/shadow", container().setNetns("/etc/shadow")),
        bad("netns", "/run/netns/../../etc", container().setNetns("/run/netns/../../etc")),
        bad("netns", "..", container().setNetns("..")),
        bad("ikeIdentity", "CN=h1\" }", host().setIkeIdentity("CN=h1\" }")),
        bad("ikeIdentity", "CN=h1\nid = x", host().setIkeIdentity("CN=h1\nid = x")),
        bad("ikeIdentity", " ", host().setIkeIdentity(" ")),
        bad("containerId", "", container().setContainerId("")),
        bad("hostId", "", container().setHostId("")),
        bad("containerId", " ", ContainerStopped.newBuilder().setContainerId(" ")));
  }

  private static Arguments bad(String field, String value, Object builder) {
    return Arguments.of(field, value, builder);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void rejectsABadValueNamingTheFieldValueAndRule(String field, String value, Object builder) throws Exception {
    SpecificRecord event = (SpecificRecord) builder.getClass().getMethod("build").invoke(builder);
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventValidator.validate(event));
    assertEquals(1, e.violations().size(), e.getMessage());
    Violation v = e.violations().get(0);
    assertEquals(field, v.field());
    assertTrue(e.getMessage().contains(field + "="), e.getMessage());
    if (value != null) {
      assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }
    assertTrue(v.rule().length() > 10, "rule is spelled out: " + v.rule());
  }

  @Test
  void listsEveryViolationAtOnce() {
    InvalidEventException e = assertThrows(InvalidEventException.class,
        () -> EventValidator.validate(network().setVni(0).setMtu(1).setCidr("x").build()));
    assertEquals(List.of("vni", "mtu", "cidr"), e.violations().stream().map(Violation::field).toList());
  }


  @Test
  void acceptsTheNamespaceForms() {
    for (String ns : List.of("nlc-mongo", "netns-0b1c.2_x", "/run/netns/nlc-mongo", "/var/run/netns/x", "/proc/42/ns/net")) {
      assertEquals(List.of(), EventValidator.violations(container().setNetns(ns).build()), ns);
    }
    assertEquals(List.of(), EventValidator.violations(host().setIkeIdentity("C=CH, O=netledger, CN=h1.netledger").build()));
  }

  @Test
  void violationsNeverThrow() {
    assertEquals("payload", EventValidator.violations(null).get(0).field());
    ContainerStarted incomplete = new ContainerStarted();
    assertEquals(1, EventValidator.violations(incomplete).size() > 0 ? 1 : 0);
    assertEquals("payload", EventValidator.violations(new io.netledger.avro.InputCoordinates("t", 0, 0L, null))
        .get(0).field());
  }

  @Test
  void aNameTooLongWithTheNetworksDomainIsAViolation() {
    String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(5);
    ContainerStarted c = container().setName("n".repeat(63)).setService(null).setStack(null).build();
    assertEquals(List.of(), EventValidator.violations(c));
    List<Violation> v = EventValidator.violations(c, domain);
    assertEquals(List.of("name"), v.stream().map(Violation::field).toList());
    assertTrue(v.get(0).rule().contains("253"), v.get(0).rule());
    assertEquals(List.of(), EventValidator.violations(container().build(), "rancher.internal"));
  }

  @Test
  void validatesPublishedPortsNamingTheField() {
    assertDoesNotThrow(() -> EventValidator.validate(container().setPorts(List.of(
        port(null, 3000, 3000, PortProtocol.TCP), port("192.168.64.11", 53, 53, PortProtocol.UDP),
        port(null, 3000, 3000, PortProtocol.UDP))).build()));
    for (int bad : new int[] {0, -1, 65_536}) {
      InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventValidator.validate(
          container().setPorts(List.of(port(null, bad, 80, PortProtocol.TCP))).build()));
      assertEquals(List.of("ports.hostPort"), e.violations().stream().map(Violation::field).toList());
      e = assertThrows(InvalidEventException.class, () -> EventValidator.validate(
          container().setPorts(List.of(port(null, 80, bad, PortProtocol.TCP))).build()));
      assertEquals(List.of("ports.containerPort"), e.violations().stream().map(Violation::field).toList());
    }
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventValidator.validate(
        container().setPorts(List.of(port("300.1.1.1", 80, 80, PortProtocol.TCP))).build()));
    assertEquals(List.of("ports.hostIp"), e.violations().stream().map(Violation::field).toList());
    e = assertThrows(InvalidEventException.class, () -> EventValidator.validate(container().setPorts(List.of(
        port(null, 80, 80, PortProtocol.TCP), port(null, 80, 81, PortProtocol.TCP))).build()));
    assertEquals(List.of("ports.hostPort"), e.violations().stream().map(Violation::field).toList());
  }

  static PortMapping port(String hostIp, int hostPort, int containerPort, PortProtocol protocol) {
    return PortMapping.newBuilder().setHostIp(hostIp).setHostPort(hostPort).setContainerPort(containerPort)
        .setProtocol(protocol).build();
  }
}
