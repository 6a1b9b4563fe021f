package io.netledger.agent.cni;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.agent.calc.DesiredState;
import io.netledger.agent.calc.Owned;
import io.netledger.agent.kernel.Address;
import io.netledger.agent.kernel.Kernel;
import io.netledger.agent.kernel.KernelException;
import io.netledger.agent.kernel.KernelState;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.PortMapping;
import io.netledger.avro.Rejection;
import io.netledger.events.publish.Published;
import io.netledger.events.validate.InvalidEventException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CNI verbs as the agent performs them. ADD publishes the container's start (its netns path
 * included) and returns only once this agent's kernel holds the address the control plane
 * decided: the log stays the only source of decisions, the agent stays the only thing that
 * touches the kernel, and CNI is merely one more orchestrator's door. Every failure is a
 * {@link CniError}; an ADD that fails takes back what it published.
 */
public final class CniService {
  private static final Logger LOG = LoggerFactory.getLogger(CniService.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Publishes and waits for Kafka's acknowledgement (the agent's EventPublisher). */
  @FunctionalInterface
  public interface Publisher {
    Published publish(SpecificRecord payload);
  }

  /** Finds the allocator's rejection of an input by its coordinates. */
  @FunctionalInterface
  public interface Rejections {
    Optional<Rejection> of(String topic, int partition, long offset);
  }

  private final String hostId;
  private final Publisher publisher;
  private final EndpointWatch watch;
  private final Rejections rejections;
  private final Kernel kernel;
  private final Attachments attachments;
  private final Duration timeout;

  public CniService(String hostId, Publisher publisher, EndpointWatch watch, Rejections rejections, Kernel kernel,
      Attachments attachments, Duration timeout) {
    this.hostId = hostId;
    this.publisher = publisher;
    this.watch = watch;
    this.rejections = rejections;
    this.kernel = kernel;
    this.attachments = attachments;
    this.timeout = timeout;
  }

  /** ADD: publish the start, wait until programmed, return the CNI result (without cniVersion). */
  public ObjectNode add(CniRequest r) throws InterruptedException {
    r.requireAttachment();
    if (r.networkId() == null) {
      throw new CniError(CniError.INVALID_CONFIG, "the network configuration has no \"networkId\"", r.toString());
    }
    if (!"eth0".equals(r.ifName())) {
      throw new CniError(CniError.UNSUPPORTED, "netledger attaches exactly one interface, eth0 (asked for "
          + r.ifName() + ")", "");
    }
    if (r.mac() != null) {
      throw new CniError(CniError.UNSUPPORTED, "a chosen MAC cannot be honoured: netledger derives MACs from"
          + " addresses so that they are stable", "MAC=" + r.mac());
    }
    List<PortMapping> ports = r.ports();
    Optional<LocalEndpoint> existing = watch.programmed(r.containerId());
    if (existing.isPresent() && existing.get().getNetns().equals(r.netns())) {
      return result(existing.get());
    }
    attachments.put(new Attachments.Attachment(r.containerId(), r.ifName(), r.networkId(), r.netns()));
    ContainerStarted started = ContainerStarted.newBuilder()
        .setContainerId(r.containerId()).setName(r.name()).setHostId(hostId).setNetworkId(r.networkId())
        .setNetns(r.netns()).setRequestedIp(r.ip()).setService(r.service()).setStack(r.stack())
        .setPorts(ports)
        .setLabels(Map.of("io.netledger.cni/ifName", r.ifName())).build();
    Published at;
    try {
      at = publish(started);
    } catch (CniError e) {
      attachments.remove(r.containerId());
      throw e;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long seen = watch.version();
      Optional<Rejection> rejected = rejections.of(at.topic(), at.partition(), at.offset());
      if (rejected.isPresent()) {
        // Nothing was allocated: only the local record goes.
        attachments.remove(r.containerId());
        throw new CniError(CniError.REJECTED, "netledger refused container " + r.name() + " in network "
            + r.networkId() + ": " + rejected.get().getReason() + ": " + rejected.get().getMessage(), at.toString());
      }
      // The agent loop's apply report says when the kernel holds it: no read of our own.
      Optional<LocalEndpoint> e = watch.programmed(r.containerId());
      if (e.isPresent() && e.get().getNetns().equals(r.netns())) {
        return result(e.get());
      }
      watch.awaitChange(seen, Duration.ofMillis(50));
    }
    String undone = "its start was taken back";
    try {
      undo(r.containerId());
    } catch (CniError e) {
      undone = "taking its start back failed too (" + e.getMessage() + ")";
    }
    throw new CniError(CniError.NOT_PROGRAMMED, "host " + hostId + " did not program container " + r.name()
        + " within " + timeout.toMillis() + " ms; " + undone, "event " + at);
  }

  /** DEL: idempotent; publishes the removal when the container is known, waits for the kernel. */
  public void del(CniRequest r) throws InterruptedException {
    if (r.containerId() == null || !Attachments.isSafeId(r.containerId())) {
      throw new CniError(CniError.INVALID_ENV, "CNI_CONTAINERID is missing or unusable", String.valueOf(r.containerId()));
    }
    boolean known = attachments.get(r.containerId()).isPresent() || watch.endpoint(r.containerId()).isPresent();
    if (!known) {
      return; // already gone: DEL succeeds
    }
    // Done once the log acknowledged the removal: that is the release (the allocator and the
    // agent act on it in order), and the runtime deletes the namespace, veth and all, right
    // after DEL. Waiting for the agent's teardown too cost ~0.5 s per `podman rm` for nothing.
    publish(ContainerRemoved.newBuilder().setContainerId(r.containerId()).build());
    attachments.remove(r.containerId());
  }

  private void undo(String containerId) throws InterruptedException {
    publish(ContainerRemoved.newBuilder().setContainerId(containerId).build());
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long seen = watch.version(); watch.endpoint(containerId).isPresent() && System.nanoTime() < deadline;
        seen = watch.version()) {
      watch.awaitChange(seen, Duration.ofMillis(50));
    }
    if (watch.endpoint(containerId).isPresent()) {
      throw new CniError(CniError.TRY_AGAIN, "container " + containerId + " was released but host " + hostId
          + " has not removed its interface yet", "");
    }
    attachments.remove(containerId);
  }

  /** CHECK: the kernel must hold what the control plane decided for this container. */
  public void check(CniRequest r) {
    r.requireAttachment();
    LocalEndpoint e = watch.endpoint(r.containerId()).orElseThrow(() -> new CniError(CniError.CHECK_FAILED,
        "netledger has no endpoint for container " + r.containerId() + " on host " + hostId, ""));
    if (!e.getNetns().equals(r.netns())) {
      throw new CniError(CniError.CHECK_FAILED, "container " + r.containerId() + " is attached in " + e.getNetns()
          + ", not " + r.netns(), "");
    }
    if (!inKernel(e)) {
      throw new CniError(CniError.CHECK_FAILED, "the kernel lacks " + e.getInterfaceName() + " with "
          + e.getIp() + "/" + e.getPrefixLength() + " and MAC " + e.getMac() + " in " + r.netns(), "");
    }
  }

  /** STATUS: ready once the agent has read its state to the end of the log. */
  public void status() {
    if (!watch.caughtUp()) {
      throw new CniError(CniError.NOT_AVAILABLE, "the netledger agent of host " + hostId
          + " is still catching up with the log", "");
    }
  }

  /** GC: removes CNI attachments of this host whose container is not in {@code valid}. */
  public List<String> gc(Set<String> valid) throws InterruptedException {
    Set<String> removed = new HashSet<>();
    for (Attachments.Attachment a : attachments.all()) {
      if (!valid.contains(a.containerId())) {
        LOG.info("cni gc: {} is not a valid attachment any more; releasing it", a.containerId());
        undo(a.containerId());
        removed.add(a.containerId());
      }
    }
    return List.copyOf(removed);
  }

  private Published publish(SpecificRecord payload) {
    try {
      return publisher.publish(payload);
    } catch (CniError e) {
      throw e; // the publisher already said what went wrong (e.g. the gateway's refusal)
    } catch (InvalidEventException e) {
      throw new CniError(CniError.INVALID_CONFIG, e.getMessage(), "");
    } catch (RuntimeException e) {
      throw new CniError(CniError.PUBLISH_FAILED, "the log did not accept the event: " + e.getMessage(), "");
    }
  }

  /** True when the container's namespace holds the interface, MAC and address decided for it. */
  private boolean inKernel(LocalEndpoint e) {
    KernelState s;
    try {
      s = kernel.read(Namespace.of(e.getNetns()), Set.of(Link.class, Address.class));
    } catch (KernelException ex) {
      return false;
    }
    Link link = s.of(Link.class).values().stream().filter(l -> l.name().equals(e.getInterfaceName())).findFirst().orElse(null);
    return link != null && link.up() && e.getMac().equalsIgnoreCase(String.valueOf(link.mac()))
        && s.get(Address.class, new Address(e.getInterfaceName(), e.getIp() + "/" + e.getPrefixLength())) != null;
  }

  /**
   * The CNI 1.x result for a programmed endpoint, shaped as the reference plugins chained after
   * ours read their {@code prevResult}: {@code interfaces} lists the host side of the veth first
   * (no sandbox; {@code bandwidth} looks for the container interface's peer there) and then the
   * container's interface with its sandbox; the address names that interface by index
   * ({@code portmap} and {@code firewall} take the IPs of the sandboxed {@code CNI_IFNAME}).
   */
  ObjectNode result(LocalEndpoint e) {
    ObjectNode out = JSON.objectNode();
    ArrayNode interfaces = out.putArray("interfaces");
    interfaces.addObject().put("name", Owned.vethName(e.getContainerId())).put("mtu", e.getMtu());
    interfaces.addObject().put("name", e.getInterfaceName()).put("mac", e.getMac())
        .put("mtu", e.getMtu()).put("sandbox", e.getNetns());
    out.putArray("ips").addObject().put("address", e.getIp() + "/" + e.getPrefixLength())
        .put("gateway", e.getGateway()).put("interface", 1);
    out.putArray("routes").addObject().put("dst", "0.0.0.0/0").put("gw", e.getGateway());
    ObjectNode dns = out.putObject("dns");
    dns.putArray("nameservers").add(DesiredState.SERVICE_ADDRESS);
    Optional<String> domain = watch.network(e.getNetworkId()).map(NetworkOnHost::getDnsDomain);
    if (domain.isPresent()) {
      ArrayNode search = dns.putArray("search");
      if (e.getStack() != null && !e.getStack().isEmpty()) {
        search.add(e.getStack() + "." + domain.get());
      }
      search.add(domain.get());
      dns.put("domain", domain.get());
    }
    return out;
  }
}
