package io.netledger.agent.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netledger.agent.calc.HostConfig;
import io.netledger.agent.calc.NetworkPeers;
import io.netledger.agent.dataplane.ApplyReport;
import io.netledger.agent.dataplane.Dataplane;
import io.netledger.agent.ipsec.IpsecManager;
import io.netledger.agent.ipsec.IpsecStatus;
import io.netledger.agent.ipsec.TunnelPlan;
import io.netledger.agent.kernel.Kernel;
import io.netledger.avro.AgentHealth;
import io.netledger.avro.AgentStatus;
import io.netledger.avro.Allocation;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.KernelCapabilities;
import io.netledger.avro.ObjectError;
import io.netledger.avro.TunnelHealth;
import io.netledger.events.registry.SchemaRegistry;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.HostPartitioner;
import io.netledger.events.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one loop: read this host's partition of {@code host-state} and all of
 * {@code dns-records} from the beginning (both are compacted views: their content is the state,
 * so a restarted agent rebuilds it instead of trusting memory), hand each record to the
 * dataplane and the listeners, apply, commit, report.
 *
 * <p>Order of a turn, and why: records are only <em>recorded</em> by the dataplane; one
 * {@code apply()} per poll reconciles the kernel with everything read; offsets are committed
 * after that apply (the committed offset is what agent-status and consumer lag show as
 * realised); status is written when something changed or every status interval. Nothing is
 * deleted from the kernel until the end offsets seen at start are reached (caught up).
 */
public final class AgentLoop implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

  private final AgentConfig config;
  private final HostConfig host;
  private final IpsecManager ipsec;
  private TunnelPlan tunnelPlan = TunnelPlan.EMPTY;
  private final Dataplane dataplane;
  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final AvroSerde<HostStateSlice> sliceSerde;
  private final AvroSerde<HostStateSlice> advertSerde;
  /** Adverts of a per-network mesh, passed on as this host's Peer slices (empty with a per-host mesh). */
  private final NetworkPeers networkPeers;
  private final AvroSerde<DnsRecord> dnsSerde;
  private final AvroSerde<Allocation> allocationSerde;
  private final boolean readAllocations;
  private final AvroSerde<AgentStatus> statusSerde;
  private final List<LogListener> listeners;
  private final KernelCapabilities capabilities;
  private final List<ObjectError> hostProblems;
  private final AgentMetrics metrics;
  private final Clock clock;
  private final CountDownLatch caughtUpLatch = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  private TopicPartition own;
  private Map<TopicPartition, Long> startEnd;
  private boolean caughtUp;
  private Instant oldestUnapplied;
  private AgentStatus lastStatus;
  private Instant nextStatus = Instant.MIN;
  private Instant nextResync;
  private java.util.Set<String> reportedFailures = java.util.Set.of();
  /** Last offset of {@link #own} committed; a commit is only sent when the position moved. */
  private long committedPosition = -1;
  /** When the broker stopped answering this loop's commits (null: it answers). */
  private Instant unreachableSince;
  private Instant nextCommitTry = Instant.MIN;
  /** The last outage, for agent-status once the broker is back ("" before any). */
  private String lastOutage;
  /** Set by the status producer's callback when a report was not delivered: resend it. */
  private volatile boolean statusUndelivered;
  /** Set once the failure to deliver status was logged; cleared by the next delivered report. */
  private volatile boolean statusWarned;

  private AgentLoop(Builder b) {
    this.config = b.config;
    this.host = b.host != null ? b.host : new HostConfig(config.hostId(), config.underlayIp(), config.underlayDevice());
    this.ipsec = b.ipsec;
    this.dataplane = new Dataplane(host, Objects.requireNonNull(b.kernel, "kernel"), b.nftables);
    this.consumer = Objects.requireNonNull(b.consumer, "consumer");
    this.producer = Objects.requireNonNull(b.producer, "producer");
    SchemaRegistry registry = Objects.requireNonNull(b.registry, "registry");
    this.sliceSerde = AvroSerde.forTopic(Topics.HOST_STATE, registry, false);
    this.advertSerde = AvroSerde.forTopic(Topics.NETWORK_PEERS, registry, false);
    this.networkPeers = new NetworkPeers(config.hostId());
    this.dnsSerde = AvroSerde.forTopic(Topics.DNS_RECORDS, registry, false);
    this.allocationSerde = AvroSerde.forTopic(Topics.ALLOCATIONS, registry, false);
    this.readAllocations = b.readAllocations;
    this.statusSerde = AvroSerde.forTopic(Topics.AGENT_STATUS, registry, true);
    this.listeners = List.copyOf(b.listeners);
    this.capabilities = Objects.requireNonNull(b.capabilities, "capabilities");
    this.hostProblems = b.hostProblems.stream().map(c -> new ObjectError("host-check", c.what(), c.detail())).toList();
    this.metrics = new AgentMetrics(b.meters, config.hostId());
    this.clock = b.clock;
  }

  /**
   * A loop for this host: kernel, consumer, producer, registry and capabilities are required;
   * the rest defaults (no listeners, no IPsec, the system clock, a meter registry of its own).
   */
  public static Builder builder(AgentConfig config) {
    return new Builder(config);
  }

  /** The loop's parts; see {@link #builder}. */
  public static final class Builder {
    private final AgentConfig config;
    private Kernel kernel;
    private io.netledger.agent.kernel.Nftables nftables;
    private Consumer<String, byte[]> consumer;
    private Producer<String, byte[]> producer;
    private SchemaRegistry registry;
    private KernelCapabilities capabilities;
    private MeterRegistry meters = new SimpleMeterRegistry();
    private List<LogListener> listeners = List.of();
    private Clock clock = Clock.systemUTC();
    private HostConfig host;
    private IpsecManager ipsec;
    private boolean readAllocations;
    private List<io.netledger.agent.doctor.Check> hostProblems = List.of();

    private Builder(AgentConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder kernel(Kernel k) {
      this.kernel = k;
      return this;
    }

    /** The agent's nftables table (egress and its filters); without it, no egress. */
    public Builder nftables(io.netledger.agent.kernel.Nftables n) {
      this.nftables = n;
      return this;
    }

    public Builder consumer(Consumer<String, byte[]> c) {
      this.consumer = c;
      return this;
    }

    public Builder producer(Producer<String, byte[]> p) {
      this.producer = p;
      return this;
    }

    public Builder registry(SchemaRegistry r) {
      this.registry = r;
      return this;
    }

    public Builder capabilities(KernelCapabilities c) {
      this.capabilities = c;
      return this;
    }

    public Builder meters(MeterRegistry m) {
      this.meters = m;
      return this;
    }

    public Builder listeners(List<LogListener> l) {
      this.listeners = l;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** What this host is and whether it may encrypt (default: from the config, no IPsec). */
    public Builder host(HostConfig h) {
      this.host = h;
      return this;
    }

    /**
     * With an IPsec manager (and a {@link #host} able to encrypt) encrypted networks are
     * programmed and their tunnels handed to the supervisor after each apply.
     */
    public Builder ipsec(IpsecManager m) {
      this.ipsec = m;
      return this;
    }

    /**
     * Also read all of {@code netledger.allocations.v1} (compacted: every live container of every
     * host) and hand it to the listeners: the metadata API needs the containers of its networks
     * on other hosts. Off by default; catch-up then includes that topic's end offsets.
     */
    public Builder readAllocations(boolean read) {
      this.readAllocations = read;
      return this;
    }

    /** Failed start-up checks of this host ({@code netledger doctor}'s), reported in every agent-status. */
    public Builder hostProblems(List<io.netledger.agent.doctor.Check> failed) {
      this.hostProblems = List.copyOf(failed);
      return this;
    }

    public AgentLoop build() {
      return new AgentLoop(this);
    }
  }

  /** The host-state partition this agent reads: the one function mesh-stream writes by. */
  public TopicPartition ownPartition() {
    int partitions = consumer.partitionsFor(Topics.HOST_STATE.name()).size();
    return new TopicPartition(Topics.HOST_STATE.name(), HostPartitioner.partitionFor(config.hostId(), partitions));
  }

  @Override
  public void run() {
    try {
      if (!connect()) {
        return;
      }
      report(ApplyReport.NOTHING, true);
      while (running) {
        try {
          turn();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          // A position the consumer must ask a broker for (after a leader change) and no broker
          // answers: the fault suite saw this end the loop during an outage. What was read is
          // recorded in the dataplane already; the next turn goes on from there.
          unreachable(clock.instant(), e);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      try {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
      } finally {
        stopped.countDown();
      }
    }
  }

  /**
   * Finds this host's partition and the end offsets to catch up to, retrying while no broker
   * answers (a restart during an outage): until then nothing is read, so nothing is applied and
   * nothing swept, and the kernel keeps forwarding as it was programmed. False when closed first.
   */
  private boolean connect() {
    Instant since = clock.instant();
    boolean warned = false;
    while (running) {
      try {
        own = ownPartition();
        List<TopicPartition> assigned = new ArrayList<>(List.of(own));
        consumer.partitionsFor(Topics.DNS_RECORDS.name())
            .forEach(p -> assigned.add(new TopicPartition(p.topic(), p.partition())));
        // A per-network mesh's peer adverts (all partitions, as dns-records); none before such a
        // mesh made the topic, and a per-host mesh leaves it empty.
        var adverts = consumer.partitionsFor(Topics.NETWORK_PEERS.name());
        if (adverts != null) {
          adverts.forEach(p -> assigned.add(new TopicPartition(p.topic(), p.partition())));
        }
        if (readAllocations) {
          consumer.partitionsFor(Topics.ALLOCATIONS.name())
              .forEach(p -> assigned.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        startEnd = consumer.endOffsets(assigned);
        nextResync = clock.instant().plus(config.resyncInterval());
        LOG.info("agent {} reads {}, all partitions of {}{}; catching up to {}", config.hostId(), own,
            Topics.DNS_RECORDS.name(), readAllocations ? " and " + Topics.ALLOCATIONS.name() : "", startEnd);
        if (warned) {
          lastOutage = "no broker at start for " + Duration.between(since, clock.instant()).toSeconds() + " s";
        }
        return true;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (!warned) {
          LOG.warn("agent {}: no broker answers at {} ({}); the kernel stays as programmed, nothing is swept"
              + " before catching up; retrying", config.hostId(), config.bootstrapServers(), e.getMessage());
          warned = true;
        }
        sleepQuietly(config.pollTimeout());
      }
    }
    return false;
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(Math.max(100, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void turn() {
    var records = consumer.poll(config.pollTimeout());
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        if (r.topic().equals(Topics.HOST_STATE.name())) {
          onHostState(r);
        } else if (r.topic().equals(Topics.NETWORK_PEERS.name())) {
          HostStateSlice advert = advertSerde.deserializer().deserialize(r.topic(), r.value());
          networkPeers.onAdvert(r.key(), advert).forEach(this::passOn);
        } else if (r.topic().equals(Topics.ALLOCATIONS.name())) {
          Allocation allocation = allocationSerde.deserializer().deserialize(r.topic(), r.value());
          listeners.forEach(l -> l.onAllocation(r.key(), allocation));
        } else {
          DnsRecord record = dnsSerde.deserializer().deserialize(r.topic(), r.value());
          listeners.forEach(l -> l.onDnsRecord(r.key(), record));
        }
      } catch (SerializationException e) {
        // The agent writes nothing to rejected (mesh-stream and allocator own it); a record it
        // cannot read is counted and named in the log with its coordinates, and skipped.
        metrics.undecodable.increment();
        LOG.error("agent {}: cannot decode {}-{}@{} (key {}): {}", config.hostId(), r.topic(),
            r.partition(), r.offset(), r.key(), e.getMessage());
      }
    }
    if (!records.isEmpty()) {
      listeners.forEach(LogListener::onBatchEnd);
    }
    if (!caughtUp && reached(startEnd)) {
      caughtUp = true;
      dataplane.markCaughtUp();
      listeners.forEach(LogListener::onCaughtUp);
      caughtUpLatch.countDown();
      LOG.info("agent {} caught up", config.hostId());
    }
    Instant now = clock.instant();
    if (!now.isBefore(nextResync)) {
      dataplane.requestResync();
      nextResync = now.plus(config.resyncInterval());
    }
    ApplyReport applied = dataplane.apply();
    if (ipsec != null && applied != ApplyReport.NOTHING) {
      // Tunnels follow the peer set of what was just applied (VXLAN devices exist by now).
      tunnelPlan = TunnelPlan.from(host.hostId(), host.underlayIp(), dataplane.image().slices().values());
      ipsec.update(tunnelPlan);
    }
    if (applied != ApplyReport.NOTHING) {
      metrics.kernelChanges.increment(applied.changes());
      metrics.objectErrors.increment(applied.errors().size());
      metrics.failingObjects.set(applied.errors().size());
      metrics.objects(dataplane.desiredState());
      listeners.forEach(l -> l.onApplied(applied));
      if (applied.clean() && oldestUnapplied != null) {
        metrics.applied(Duration.between(oldestUnapplied, clock.instant()));
        oldestUnapplied = null;
      }
      metrics.failures(applied);
      // Said once per set of failing objects, not on every retry: a namespace that does not exist
      // yet would otherwise fill the log (agent-status and /metrics carry the ongoing state).
      java.util.Set<String> failing = new java.util.TreeSet<>();
      applied.errors().forEach(x -> failing.add(x.namespace() + " " + x.change()));
      applied.problems().forEach(failing::add);
      if (!failing.equals(reportedFailures)) {
        if (!applied.errors().isEmpty()) {
          LOG.warn("agent {}: {} object(s) failed, retrying with backoff: {}", config.hostId(), applied.errors().size(),
              applied.errors().get(0));
        }
        if (!applied.problems().isEmpty()) {
          LOG.warn("agent {}: {} slice problem(s): {}", config.hostId(), applied.problems().size(),
              applied.problems().get(0));
        }
        reportedFailures = failing;
      }
    }
    commit(consumer.position(own), now);
    // From the last fetch's metadata, not a request to the broker: this runs every poll.
    consumer.currentLag(own).ifPresent(metrics.lag::set);
    report(applied, false);
  }

  /**
   * Commits what was applied, with a short timeout (5 s: 2 s timed out on a loaded machine): the committed offset only records progress
   * (the agent always re-reads its partition), so a broker that does not answer must not stop
   * the loop (the 60 s default once ended it). While unreachable a commit is retried every 5 s,
   * and the outage is logged once when it starts and once when it ends.
   */
  private void commit(long position, Instant now) {
    if (position == committedPosition || (unreachableSince != null && now.isBefore(nextCommitTry))) {
      return;
    }
    try {
      consumer.commitSync(Map.of(own, new OffsetAndMetadata(position)), COMMIT_TIMEOUT);
      committedPosition = position;
      if (unreachableSince != null) {
        long s = Duration.between(unreachableSince, clock.instant()).toSeconds();
        lastOutage = "broker unreachable for " + s + " s until " + clock.instant();
        LOG.info("agent {}: the broker answers again after {} s; caught up from {}", config.hostId(), s, position);
        unreachableSince = null;
        statusUndelivered = true;
      }
    } catch (org.apache.kafka.common.errors.RetriableException e) { // TimeoutException among them
      unreachable(now, e);
    }
  }

  private void unreachable(Instant now, Exception e) {
    if (unreachableSince == null) {
      unreachableSince = now;
      LOG.warn("agent {}: the broker does not answer ({}); the kernel, DNS and metadata keep serving what"
          + " this agent holds", config.hostId(), e.toString());
    }
    nextCommitTry = now.plusSeconds(5);
  }

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

  private void onHostState(ConsumerRecord<String, byte[]> r) {
    if (!config.hostId().equals(HostPartitioner.hostIdOf(r.key()))) {
      return; // another host that hashes to the same partition
    }
    HostStateSlice slice = sliceSerde.deserializer().deserialize(r.topic(), r.value());
    if (slice != null && (oldestUnapplied == null || slice.getOccurredAt().isBefore(oldestUnapplied))) {
      oldestUnapplied = slice.getOccurredAt();
    }
    dataplane.onUpdate(r.key(), slice);
    listeners.forEach(l -> l.onHostState(r.key(), slice));
    networkPeers.onHostState(r.key(), slice).forEach(this::passOn);
  }

  /** A peer from the network's adverts, applied as if the mesh had written it on this partition. */
  private void passOn(NetworkPeers.Update u) {
    dataplane.onUpdate(u.key(), u.slice());
    listeners.forEach(l -> l.onHostState(u.key(), u.slice()));
  }

  private boolean reached(Map<TopicPartition, Long> target) {
    for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void report(ApplyReport applied, boolean force) {
    List<ObjectError> errors = new ArrayList<>(hostProblems);
    errors.addAll(applied.avroErrors());
    for (String problem : applied.problems()) {
      errors.add(new ObjectError("slice", "", problem));
    }
    for (String problem : tunnelPlan.problems()) {
      errors.add(new ObjectError("tunnel", "", problem));
    }
    AgentHealth health = !caughtUp ? AgentHealth.CATCHING_UP
        : errors.isEmpty() ? AgentHealth.HEALTHY : AgentHealth.DEGRADED;
    if (applied == ApplyReport.NOTHING && lastStatus != null) {
      errors = lastStatus.getErrors();
      health = caughtUp && errors.isEmpty() ? AgentHealth.HEALTHY : caughtUp ? AgentHealth.DEGRADED : health;
    }
    Instant now = clock.instant();
    IpsecStatus tunnels = ipsec == null ? IpsecStatus.NONE : ipsec.status();
    List<TunnelHealth> tunnelHealth = tunnels.tunnels().stream().map(t -> new TunnelHealth(t.peerHostId(),
        t.ikeState(), t.childState(), t.bytesIn(), t.bytesOut())).toList();
    AgentStatus status = AgentStatus.newBuilder()
        .setHostId(config.hostId())
        .setReportedAt(now)
        .setHealth(health)
        .setPartition(own.partition())
        .setAppliedOffset(consumer.position(own))
        .setAppliedGeneration(dataplane.generation())
        .setCapabilities(capabilities)
        .setErrors(errors)
        .setMessage(message(host.canEncrypt() ? tunnels.error()
            : refusesEncrypted() ? "encrypted networks refused: " + host.ipsecRefusal() : null))
        .setTunnels(tunnelHealth)
        .setCharonRestarts(tunnels.charonRestarts())
        .build();
    boolean changed = lastStatus == null || lastStatus.getHealth() != status.getHealth()
        || lastStatus.getAppliedGeneration() != status.getAppliedGeneration()
        || !lastStatus.getErrors().equals(status.getErrors())
        || !upStates(lastStatus).equals(upStates(status))
        || lastStatus.getCharonRestarts() != status.getCharonRestarts();
    if (force || changed || statusUndelivered || !now.isBefore(nextStatus)) {
      statusUndelivered = false;
      try {
        producer.send(new ProducerRecord<>(Topics.AGENT_STATUS.name(), config.hostId(),
            statusSerde.serializer().serialize(Topics.AGENT_STATUS.name(), status)), (meta, e) -> {
              if (e != null) {
                undelivered(e);
              } else {
                statusWarned = false;
              }
            });
      } catch (org.apache.kafka.common.KafkaException e) {
        if (e instanceof WakeupException) {
          throw e;
        }
        undelivered(e);
      }
      lastStatus = status;
      nextStatus = now.plus(config.statusInterval());
    }
  }

  /** A report the broker did not take: counted, logged once per outage, and sent again. */
  private void undelivered(Exception e) {
    // Resent every turn while the broker is away: without its own flag this logged every second
    // of a broker outage (the fault suite's agent logs).
    if (!statusWarned && unreachableSince == null) {
      statusWarned = true;
      LOG.warn("agent {}: agent-status not delivered ({}); sent again when the broker answers", config.hostId(),
          e.toString());
    }
    metrics.statusUndelivered.increment();
    statusUndelivered = true;
  }

  /** The status message: what the host reports, and the last broker outage it rode out. */
  private String message(String hostMessage) {
    if (lastOutage == null) {
      return hostMessage;
    }
    return hostMessage == null ? "last outage: " + lastOutage : hostMessage + "; last outage: " + lastOutage;
  }

  /** Whether this host is asked to be in an encrypted network it cannot encrypt. */
  private boolean refusesEncrypted() {
    return !host.canEncrypt() && dataplane.image().slices().values().stream()
        .anyMatch(s -> s.getSlice() instanceof io.netledger.avro.NetworkOnHost n
            && n.getEncryption() == io.netledger.avro.Encryption.IPSEC);
  }

  /** The tunnel states without counters: a change of state is worth a report, a counter is not. */
  private static List<String> upStates(AgentStatus s) {
    return s.getTunnels().stream().map(t -> t.getPeerHostId() + t.getIkeState() + t.getChildState()).toList();
  }

  /** Waits until the loop has read everything that was in the log when it started. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUpLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Dataplane dataplane() {
    return dataplane;
  }

  /** Stops the loop (from any thread) and waits for it to finish its turn. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
