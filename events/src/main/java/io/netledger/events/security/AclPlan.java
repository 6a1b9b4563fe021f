package io.netledger.events.security;

import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.events.topic.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs of every principal, generated from the topic catalogue ({@link Topics}: who
 * writes each topic is its {@link Writer}); pure, no I/O. Only ALLOW entries: the broker runs with
 * {@code allow.everyone.if.no.acl.found=false}, so whatever is not listed here is refused.
 *
 * <table>
 * <caption>who may do what</caption>
 * <tr><th>principal</th><th>write</th><th>read</th><th>other</th></tr>
 * <tr><td>orchestrators, operators, gateway</td><td>the input topics</td><td>every topic</td>
 *     <td>IDEMPOTENT_WRITE</td></tr>
 * <tr><td>allocator</td><td>the ALLOCATOR-written views; its internal topics</td><td>the inputs;
 *     its internal topics</td><td>topics, transactional ids and group prefixed by its
 *     application.id; IDEMPOTENT_WRITE</td></tr>
 * <tr><td>mesh</td><td>host-state, rejected; its internal topics</td><td>accepted-facts,
 *     ipam-blocks, allocations</td><td>as the allocator, with its application.id</td></tr>
 * <tr><td>host-H</td><td>agent-status</td><td>host-state, dns-records, allocations, rejected
 *     (the CNI door's rejection watch), hosts (its registration check)</td><td>group {@code netledger-agent-H}; IDEMPOTENT_WRITE</td></tr>
 * <tr><td>audit, ui</td><td>nothing</td><td>every topic and the allocator's decision order</td><td></td></tr>
 * </table>
 *
 * <p>Every principal that reads a topic may also DESCRIBE it (READ implies DESCRIBE in Kafka).
 * Host ACLs are per host ({@link #host}): Kafka names principals exactly, so each host's entries
 * are added when its credentials are issued ({@code netledger acl apply --host H}).
 */
public final class AclPlan {
  /** The allocator's default application.id (prefix of its internal topics, group and transactional ids). */
  public static final String ALLOCATOR_APP = "netledger-allocator";
  /** The mesh's default application.id. */
  public static final String MESH_APP = "netledger-mesh";
  /** The components that hold a certificate of their own. */
  public static final Principal ALLOCATOR = Principal.component("allocator");
  public static final Principal MESH = Principal.component("mesh");
  public static final Principal GATEWAY = Principal.component("gateway");
  public static final Principal AUDIT = Principal.component("audit");
  public static final Principal UI = Principal.component("ui");
  /** The brokers' own principal (inter-broker and controller traffic): a super user. */
  public static final Principal BROKER = Principal.component("broker");

  private AclPlan() {}

  /** The ACLs of the fixed components (allocator, mesh, gateway, audit, ui) for these application ids. */
  public static List<AclBinding> components(String allocatorAppId, String meshAppId) {
    List<AclBinding> out = new ArrayList<>();
    out.addAll(streamsApp(ALLOCATOR, allocatorAppId, Topics.inputs(), written(Writer.ALLOCATOR)));
    out.addAll(streamsApp(MESH, meshAppId, List.of(Topics.ACCEPTED_FACTS, Topics.IPAM_BLOCKS, Topics.ALLOCATIONS),
        Stream.concat(written(Writer.MESH).stream(), Stream.of(Topics.REJECTED)).toList()));
    out.addAll(inputWriter(GATEWAY));
    out.addAll(reader(AUDIT, allocatorAppId));
    out.addAll(reader(UI, allocatorAppId));
    return out;
  }

  /** {@link #components(String, String)} with the default application ids. */
  public static List<AclBinding> components() {
    return components(ALLOCATOR_APP, MESH_APP);
  }

  /** An orchestrator's, operator's or the gateway's: write the inputs, read every topic. */
  public static List<AclBinding> inputWriter(Principal p) {
    List<AclBinding> out = new ArrayList<>();
    for (Topic<?> t : Topics.inputs()) {
      out.add(topic(p, t.name(), AclOperation.WRITE));
    }
    for (Topic<?> t : Topics.all()) {
      out.add(topic(p, t.name(), AclOperation.READ));
    }
    out.add(cluster(p, AclOperation.IDEMPOTENT_WRITE));
    return out;
  }

  /**
   * A host's: read its desired state, the DNS records and allocations it serves, and the
   * rejections its CNI door waits for; write its status; consume in its own group. Nothing
   * else: its facts (CNI, registration) go through the gateway, which checks they are its own.
   */
  public static List<AclBinding> host(String hostId) {
    Principal p = Principal.host(hostId);
    List<AclBinding> out = new ArrayList<>();
    // hosts.v1: `agent` checks at start that its own host is registered (LogReader).
    // network-peers.v1: a mesh run with peers=per-network writes the peer adverts there once.
    for (Topic<?> t : List.of(Topics.HOST_STATE, Topics.NETWORK_PEERS, Topics.DNS_RECORDS, Topics.ALLOCATIONS,
        Topics.REJECTED, Topics.HOSTS)) {
      out.add(topic(p, t.name(), AclOperation.READ));
    }
    for (Topic<?> t : written(Writer.AGENT)) {
      out.add(topic(p, t.name(), AclOperation.WRITE));
    }
    out.add(binding(p, ResourceType.GROUP, agentGroup(hostId), PatternType.LITERAL, AclOperation.READ));
    out.add(cluster(p, AclOperation.IDEMPOTENT_WRITE));
    return out;
  }

  /** The consumer group of a host's agent (Agent's group.id). */
  public static String agentGroup(String hostId) {
    return "netledger-agent-" + hostId;
  }

  /** Audit's and the ui's: read every topic and the allocator's internal topics, write nothing. */
  public static List<AclBinding> reader(Principal p, String allocatorAppId) {
    List<AclBinding> out = new ArrayList<>();
    for (Topic<?> t : Topics.all()) {
      out.add(topic(p, t.name(), AclOperation.READ));
    }
    // audit replays <app>-allocator-decision-order-repartition, the decision order of record.
    out.add(binding(p, ResourceType.TOPIC, allocatorAppId + "-", PatternType.PREFIXED, AclOperation.READ));
    return out;
  }

  /**
   * A Kafka Streams app under exactly_once_v2: read its inputs, write its outputs; everything on
   * its own internal topics (repartition and changelog, created by Streams: CREATE too), its group
   * and transactional ids (all named {@code <application.id>-...} or exactly the id), and
   * IDEMPOTENT_WRITE on the cluster (its producers are idempotent).
   */
  static List<AclBinding> streamsApp(Principal p, String appId, List<Topic<?>> reads, List<Topic<?>> writes) {
    List<AclBinding> out = new ArrayList<>();
    for (Topic<?> t : reads) {
      out.add(topic(p, t.name(), AclOperation.READ));
    }
    for (Topic<?> t : writes) {
      out.add(topic(p, t.name(), AclOperation.WRITE));
    }
    // At start the app checks the replicas and min ISR of the catalogue topics it sees
    // (TopicCheck), and a topic's min ISR is one of its configs.
    Stream.concat(reads.stream(), writes.stream()).map(Topic::name).distinct()
        .forEach(name -> out.add(topic(p, name, AclOperation.DESCRIBE_CONFIGS)));
    out.add(binding(p, ResourceType.TOPIC, appId, PatternType.PREFIXED, AclOperation.ALL));
    out.add(binding(p, ResourceType.GROUP, appId, PatternType.PREFIXED, AclOperation.ALL));
    out.add(binding(p, ResourceType.TRANSACTIONAL_ID, appId, PatternType.PREFIXED, AclOperation.ALL));
    out.add(cluster(p, AclOperation.IDEMPOTENT_WRITE));
    // Streams describes the cluster and the topics' configs when it creates internal topics.
    out.add(cluster(p, AclOperation.DESCRIBE_CONFIGS));
    return out;
  }

  private static List<Topic<?>> written(Writer w) {
    return Topics.all().stream().filter(t -> t.writer() == w).toList();
  }

  private static AclBinding topic(Principal p, String name, AclOperation op) {
    return binding(p, ResourceType.TOPIC, name, PatternType.LITERAL, op);
  }

  private static AclBinding cluster(Principal p, AclOperation op) {
    return binding(p, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, op);
  }

  private static AclBinding binding(Principal p, ResourceType type, String name, PatternType pattern, AclOperation op) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry(p.kafkaPrincipal(), "*", op, AclPermissionType.ALLOW));
  }
}
