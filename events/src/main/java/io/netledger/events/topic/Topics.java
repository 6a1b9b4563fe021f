package io.netledger.events.topic;

import io.netledger.avro.AcceptedFact;
import io.netledger.avro.AgentStatus;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Rejection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topic catalogue: every topic netledger reads or writes, in one place.
 *
 * <p>Inputs keep their full history ({@code retention.ms=-1}, never compacted) so {@code audit}
 * can replay them from the beginning: the price is disk that grows with the number of events,
 * about 150 bytes per container start. Derived views are compacted: they hold the latest value
 * per key and a tombstone forgets a key, so a reader that consumes one from the start has the
 * whole current view.
 *
 * <p>Replication is not fixed here but fitted to the cluster at creation ({@link Replication}:
 * 3 copies / 2 in sync on three or more brokers, 1/1 on one dev broker); {@link Topic#newTopic}
 * adds it to each entry's configs, and {@link TopicCheck} reports a topic found with fewer.
 */
public final class Topics {
  private Topics() {}

  private static final Map<String, String> FULL_HISTORY = Map.of(
      "cleanup.policy", "delete",
      "retention.ms", "-1",
      "retention.bytes", "-1");

  // A compacted view: dirty segments are cleaned soon so readers that start from the beginning
  // read little more than the live keys; tombstones stay a day so a reader that was briefly
  // behind still sees the removal.
  private static final Map<String, String> VIEW = Map.of(
      "cleanup.policy", "compact",
      "min.cleanable.dirty.ratio", "0.1",
      "segment.ms", "3600000",
      "delete.retention.ms", "86400000");

  public static final Topic<NetworkEvent> NETWORKS = new Topic<>(
      "netledger.networks.v1", NetworkEvent.class, "networkId", 3, FULL_HISTORY,
      Writer.ORCHESTRATOR, "NetworkCreated / NetworkDeleted");

  public static final Topic<HostEvent> HOSTS = new Topic<>(
      "netledger.hosts.v1", HostEvent.class, "hostId", 3, FULL_HISTORY,
      Writer.ORCHESTRATOR, "HostRegistered / HostRemoved (orchestrators, and agents registering their own host)");

  public static final Topic<ContainerEvent> CONTAINERS = new Topic<>(
      "netledger.containers.v1", ContainerEvent.class, "containerId", 6, FULL_HISTORY,
      Writer.ORCHESTRATOR, "ContainerStarted / ContainerStopped / ContainerRemoved");

  public static final Topic<BlockAffinity> IPAM_BLOCKS = new Topic<>(
      "netledger.ipam-blocks.v1", BlockAffinity.class, "<networkId>/<cidr>", 6, VIEW,
      Writer.ALLOCATOR, "block affinity: which host owns which block of a network");

  public static final Topic<Allocation> ALLOCATIONS = new Topic<>(
      "netledger.allocations.v1", Allocation.class, "<containerId> | host/<hostId>/<networkId>", 6, VIEW,
      Writer.ALLOCATOR, "one address per container (and per host and network), with the input that caused it");

  public static final Topic<DnsRecord> DNS_RECORDS = new Topic<>(
      "netledger.dns-records.v1", DnsRecord.class, "<networkId>/<fqdn>", 6, VIEW,
      Writer.ALLOCATOR, "A records of each network, read in full by every agent");

  public static final Topic<Rejection> REJECTED = new Topic<>(
      "netledger.rejected.v1", Rejection.class, "the rejected input's key", 3, FULL_HISTORY,
      Writer.ALLOCATOR, "every input that could not be applied, with the reason and its coordinates"
          + " (written by allocator-stream and mesh-stream, each with rejectedBy)");

  /**
   * The allocator's accepted inputs, one record per accepted input with its coordinates, in the
   * transaction of the decision: the one gatekeeper's verdict, which the mesh follows instead of
   * the raw input topics (a NetworkDeleted refused with NETWORK_IN_USE never reaches it). Full
   * history, like the inputs it copies.
   */
  public static final Topic<AcceptedFact> ACCEPTED_FACTS = new Topic<>(
      "netledger.accepted-facts.v1", AcceptedFact.class, "the accepted input's key", 3, FULL_HISTORY,
      Writer.ALLOCATOR, "every input the allocator accepted, with its coordinates (the mesh's facts)");

  public static final Topic<HostStateSlice> HOST_STATE = new Topic<>(
      "netledger.host-state.v1", HostStateSlice.class, "<hostId>/<kind>/<id>", 12, VIEW,
      Writer.MESH, "desired state per host; partitioned by hostId alone (HostPartitioner)");

  /**
   * What each host advertises to the other hosts of a network (a Peer slice whose hostId is the
   * advertising host), written once per (network, change) instead of once per receiving host:
   * with per-network peers the mesh writes O(1) records per container start however many hosts
   * take part, and an agent reads the adverts of its networks from here, like dns-records.
   */
  public static final Topic<HostStateSlice> NETWORK_PEERS = new Topic<>(
      "netledger.network-peers.v1", HostStateSlice.class, "<networkId>/<hostId>", 6, VIEW,
      Writer.MESH, "each host's Peer advert per network, once per change; read in full by every agent");

  public static final Topic<AgentStatus> AGENT_STATUS = new Topic<>(
      "netledger.agent-status.v1", AgentStatus.class, "hostId", 3, VIEW,
      Writer.AGENT, "what each agent has applied, its health and kernel capabilities");

  /** Every topic, inputs first. */
  public static List<Topic<?>> all() {
    return List.of(NETWORKS, HOSTS, CONTAINERS, IPAM_BLOCKS, ALLOCATIONS, DNS_RECORDS, REJECTED,
        ACCEPTED_FACTS, HOST_STATE, NETWORK_PEERS, AGENT_STATUS);
  }

  /** The input topics, whose full history {@code audit} replays. */
  public static List<Topic<?>> inputs() {
    return List.of(NETWORKS, HOSTS, CONTAINERS);
  }

  public static Optional<Topic<?>> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
