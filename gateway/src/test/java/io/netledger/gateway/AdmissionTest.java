package io.netledger.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.events.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The NodeRestriction rule, one case per rule: who may publish which input. */
class AdmissionTest {
  private static final Principal H1 = Principal.host("H1");
  private static final Map<String, String> HOSTS = Map.of("c-on-h1", "H1", "c-on-h2", "H2");
  private final Admission admission = new Admission(id -> Optional.ofNullable(HOSTS.get(id)));

  private static ContainerStarted start(String id, String host) {
    return ContainerStarted.newBuilder().setContainerId(id).setName("web").setHostId(host).setNetworkId("managed")
        .setNetns("nlc-" + id).build();
  }

  private static HostRegistered register(String host, String ike) {
    return HostRegistered.newBuilder().setHostId(host).setHostname(host.toLowerCase()).setUnderlayIp("192.0.2.11")
        .setIkeIdentity(ike).build();
  }

  private static final NetworkCreated NETWORK = NetworkCreated.newBuilder().setNetworkId("n").setName("n")
      .setCidr("10.42.0.0/16").setVni(42).build();

  private static final List<SpecificRecord> EVERY_INPUT = List.of(NETWORK,
      NetworkDeleted.newBuilder().setNetworkId("n").build(), register("H2", Principal.host("H2").ikeIdentity()),
      HostRemoved.newBuilder().setHostId("H2").build(), start("c-on-h2", "H2"),
      ContainerStopped.newBuilder().setContainerId("c-on-h2").build(),
      ContainerRemoved.newBuilder().setContainerId("c-on-h2").build());

  private void refused(Principal p, SpecificRecord payload, String permission) {
    Admission.Decision d = admission.check(p, payload);
    assertFalse(d.allowed(), payload.toString());
    assertEquals(permission, d.permission());
    assertTrue(d.reason().startsWith(p + " may not " + permission + ": "), d.reason());
  }

  @Test
  void orchestratorsOperatorsAndTheUnauthenticatedExperimentMayPublishEveryInput() {
    for (SpecificRecord e : EVERY_INPUT) {
      assertTrue(admission.check(Principal.orchestrator("rancher"), e).allowed(), e.toString());
      assertTrue(admission.check(Principal.operator("alice"), e).allowed(), e.toString());
      assertTrue(admission.check(null, e).allowed(), "no TLS: " + e);
    }
  }

  @Test
  void componentsPublishNoInputAtAll() {
    for (String c : List.of("allocator", "mesh", "audit", "ui", "gateway")) {
      for (SpecificRecord e : EVERY_INPUT) {
        refused(Principal.component(c), e, "publish " + e.getSchema().getName());
      }
    }
  }

  @Test
  void aHostStartsContainersOnlyOnItself() {
    assertTrue(admission.check(H1, start("new", "H1")).allowed());
    assertTrue(admission.check(H1, start("new", "h1")).allowed(), "host ids compare without case");
    assertTrue(admission.check(H1, start("c-on-h1", "H1")).allowed(), "a repeated start of its own container");
    refused(H1, start("new", "H2"), "publish ContainerStarted for host H2");
  }

  @Test
  void aHostCannotMoveAnotherHostsContainerOntoItself() {
    refused(H1, start("c-on-h2", "H1"), "publish ContainerStarted for container c-on-h2");
  }

  @Test
  void aHostStopsAndRemovesOnlyItsOwnContainers() {
    assertTrue(admission.check(H1, ContainerStopped.newBuilder().setContainerId("c-on-h1").build()).allowed());
    assertTrue(admission.check(H1, ContainerRemoved.newBuilder().setContainerId("c-on-h1").build()).allowed());
    refused(H1, ContainerStopped.newBuilder().setContainerId("c-on-h2").build(),
        "publish ContainerStopped for container c-on-h2");
    refused(H1, ContainerRemoved.newBuilder().setContainerId("c-on-h2").build(),
        "publish ContainerRemoved for container c-on-h2");
    Admission.Decision unknown = admission.check(H1, ContainerRemoved.newBuilder().setContainerId("nobody").build());
    assertFalse(unknown.allowed());
    assertTrue(unknown.reason().contains("knows of no such container"), unknown.reason());
  }

  @Test
  void aHostRegistersOnlyItselfWithItsOwnCertificatesIdentity() {
    assertTrue(admission.check(H1, register("H1", "O=netledger, OU=hosts, CN=H1")).allowed());
    refused(H1, register("H2", Principal.host("H2").ikeIdentity()), "publish HostRegistered for host H2");
    refused(H1, register("H1", "O=netledger, OU=hosts, CN=H2"),
        "publish HostRegistered with ikeIdentity O=netledger, OU=hosts, CN=H2");
    refused(H1, register("H1", null), "publish HostRegistered with ikeIdentity null");
  }

  @Test
  void aHostNeverTouchesNetworksOrRemovesHosts() {
    refused(H1, NETWORK, "publish NetworkCreated");
    refused(H1, NetworkDeleted.newBuilder().setNetworkId("n").build(), "publish NetworkDeleted");
    refused(H1, HostRemoved.newBuilder().setHostId("H1").build(), "publish HostRemoved");
    refused(H1, HostRemoved.newBuilder().setHostId("H2").build(), "publish HostRemoved");
  }
}
