package io.netledger.events.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AclPlanTest {

  private static Set<String> topics(List<AclBinding> acls, AclOperation op) {
    return acls.stream()
        .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && b.entry().operation() == op)
        .map(b -> b.pattern().patternType() == PatternType.PREFIXED ? b.pattern().name() + "*" : b.pattern().name())
        .collect(Collectors.toSet());
  }

  private static List<AclBinding> of(Principal p) {
    return AclPlan.components().stream().filter(b -> b.entry().principal().equals(p.kafkaPrincipal())).toList();
  }

  @Test
  void aHostWritesOnlyItsStatusAndReadsOnlyWhatItServes() {
    List<AclBinding> h1 = AclPlan.host("H1");
    assertTrue(h1.stream().allMatch(b -> b.entry().principal().equals("User:host-H1")));
    assertEquals(Set.of(Topics.AGENT_STATUS.name()), topics(h1, AclOperation.WRITE));
    assertEquals(Set.of(Topics.HOST_STATE.name(), Topics.NETWORK_PEERS.name(), Topics.DNS_RECORDS.name(),
        Topics.ALLOCATIONS.name(), Topics.REJECTED.name(), Topics.HOSTS.name()), topics(h1, AclOperation.READ));
    assertTrue(topics(h1, AclOperation.ALL).isEmpty());
    assertTrue(h1.stream().anyMatch(b -> b.pattern().resourceType() == ResourceType.GROUP
        && b.pattern().name().equals("netledger-agent-H1") && b.pattern().patternType() == PatternType.LITERAL));
    assertFalse(h1.stream().anyMatch(b -> b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID));
  }

  @Test
  void theAllocatorReadsInputsAndWritesItsViewsAndItsOwnPrefixOnly() {
    List<AclBinding> a = of(AclPlan.ALLOCATOR);
    assertEquals(Topics.inputs().stream().map(Topic::name).collect(Collectors.toSet()), topics(a, AclOperation.READ));
    assertEquals(Set.of(Topics.IPAM_BLOCKS.name(), Topics.ALLOCATIONS.name(), Topics.DNS_RECORDS.name(),
        Topics.REJECTED.name(), Topics.ACCEPTED_FACTS.name()), topics(a, AclOperation.WRITE));
    assertEquals(Set.of("netledger-allocator*"), topics(a, AclOperation.ALL));
    for (ResourceType t : List.of(ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
      assertTrue(a.stream().anyMatch(b -> b.pattern().resourceType() == t && b.pattern().name().equals("netledger-allocator")
          && b.pattern().patternType() == PatternType.PREFIXED), t.toString());
    }
    assertTrue(a.stream().anyMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER
        && b.entry().operation() == AclOperation.IDEMPOTENT_WRITE));
  }

  @Test
  void eachStreamAppMayDescribeTheConfigsOfTheTopicsItReadsAndWrites() {
    // StreamsReplication's check of the catalogue topics' min ISR at start (describeConfigs).
    for (Principal app : List.of(AclPlan.ALLOCATOR, AclPlan.MESH)) {
      List<AclBinding> acls = of(app);
      Set<String> used = new java.util.HashSet<>(topics(acls, AclOperation.READ));
      used.addAll(topics(acls, AclOperation.WRITE));
      assertEquals(used, topics(acls, AclOperation.DESCRIBE_CONFIGS), app.kafkaUser());
    }
  }

  @Test
  void theMeshWritesHostStateAndRejections() {
    List<AclBinding> m = of(AclPlan.MESH);
    assertEquals(Set.of(Topics.HOST_STATE.name(), Topics.NETWORK_PEERS.name(), Topics.REJECTED.name()),
        topics(m, AclOperation.WRITE));
    assertEquals(Set.of(Topics.ACCEPTED_FACTS.name(), Topics.IPAM_BLOCKS.name(), Topics.ALLOCATIONS.name()),
        topics(m, AclOperation.READ));
    assertEquals(Set.of("netledger-mesh*"), topics(m, AclOperation.ALL));
  }

  @Test
  void auditAndUiWriteNothing() {
    for (Principal p : List.of(AclPlan.AUDIT, AclPlan.UI)) {
      List<AclBinding> r = of(p);
      assertTrue(topics(r, AclOperation.WRITE).isEmpty(), p.toString());
      assertTrue(topics(r, AclOperation.ALL).isEmpty(), p.toString());
      assertTrue(topics(r, AclOperation.READ).contains("netledger-allocator-*"), p.toString());
    }
  }

  @Test
  void inputWritersWriteExactlyTheInputs() {
    List<AclBinding> o = AclPlan.inputWriter(Principal.orchestrator("podman"));
    assertEquals(Topics.inputs().stream().map(Topic::name).collect(Collectors.toSet()), topics(o, AclOperation.WRITE));
    assertEquals(Topics.inputs().stream().map(Topic::name).collect(Collectors.toSet()),
        topics(of(AclPlan.GATEWAY), AclOperation.WRITE));
  }

  @Test
  void everyEntryAllowsAndNoneNamesEveryone() {
    List<AclBinding> all = new java.util.ArrayList<>(AclPlan.components());
    all.addAll(AclPlan.host("H1"));
    assertTrue(all.stream().allMatch(b -> b.entry().permissionType() == AclPermissionType.ALLOW));
    assertFalse(all.stream().anyMatch(b -> b.entry().principal().equals("User:*")));
    assertFalse(all.stream().anyMatch(b -> b.pattern().name().equals("*")));
  }
}
