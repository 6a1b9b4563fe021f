package io.netledger.gateway;

import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.events.security.Principal;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Who may publish which input through the gateway: Kubernetes' NodeRestriction rule for hosts,
 * which Kafka ACLs cannot express (they are per topic, not per key). Pure: a principal and a
 * decoded payload in, a {@link Decision} out; the only outside knowledge is {@link Owners}, which
 * host a container runs on (stop and remove carry only the container's id).
 *
 * <ul>
 *   <li>orchestrators and operators: every input;</li>
 *   <li>a host: ContainerStarted with its own hostId; ContainerStopped/Removed of a container on
 *       its own host; HostRegistered for its own hostId with the ikeIdentity of its own
 *       certificate; never NetworkCreated/Deleted or HostRemoved;</li>
 *   <li>components (allocator, mesh, audit, ui, gateway): no input at all (they derive views);</li>
 *   <li>no principal ({@code null}: a gateway started without TLS, for experiments): everything,
 *       as before the trust boundary.</li>
 * </ul>
 */
public final class Admission {

  /** Which host a container runs on, as far as the gateway knows (empty: unknown). */
  @FunctionalInterface
  public interface Owners {
    Optional<String> hostOf(String containerId);

    /** Knows no container: hosts may then stop or remove nothing. */
    Owners NONE = id -> Optional.empty();
  }

  /**
   * The outcome: allowed, or refused with the permission that was missing and why.
   *
   * @param permission what the request needed, e.g. {@code publish ContainerStarted for host H2}
   * @param reason a sentence for the caller, naming the principal
   */
  public record Decision(boolean allowed, String permission, String reason) {
    static final Decision ALLOW = new Decision(true, null, null);

    static Decision refuse(Principal p, String permission, String why) {
      return new Decision(false, permission, p + " may not " + permission + ": " + why);
    }
  }

  private final Owners owners;

  public Admission(Owners owners) {
    this.owners = owners;
  }

  /** Decides whether {@code principal} (null: unauthenticated experiments) may publish {@code payload}. */
  public Decision check(Principal principal, SpecificRecord payload) {
    if (principal == null) {
      return Decision.ALLOW;
    }
    String event = payload.getSchema().getName();
    return switch (principal.kind()) {
      case ORCHESTRATOR, OPERATOR -> Decision.ALLOW;
      case COMPONENT -> Decision.refuse(principal, "publish " + event,
          "components derive views from the log and publish no inputs");
      case HOST -> host(principal, payload, event);
    };
  }

  private Decision host(Principal p, SpecificRecord payload, String event) {
    if (payload instanceof ContainerStarted s) {
      if (!p.isHost(s.getHostId())) {
        return Decision.refuse(p, "publish " + event + " for host " + s.getHostId(),
            "a host starts containers only on itself (" + p.name() + ")");
      }
      // Nor may it claim another host's container by starting its id on itself (a move).
      Optional<String> now = owners.hostOf(s.getContainerId());
      if (now.isPresent() && !p.isHost(now.get())) {
        return Decision.refuse(p, "publish " + event + " for container " + s.getContainerId(),
            "the container runs on host " + now.get() + ", not on " + p.name());
      }
      return Decision.ALLOW;
    }
    if (payload instanceof ContainerStopped s) {
      return ownContainer(p, event, s.getContainerId());
    }
    if (payload instanceof ContainerRemoved r) {
      return ownContainer(p, event, r.getContainerId());
    }
    if (payload instanceof HostRegistered r) {
      if (!p.isHost(r.getHostId())) {
        return Decision.refuse(p, "publish " + event + " for host " + r.getHostId(),
            "a host registers only itself (" + p.name() + ")");
      }
      String mine = p.ikeIdentity();
      if (!mine.equals(r.getIkeIdentity())) {
        return Decision.refuse(p, "publish " + event + " with ikeIdentity " + r.getIkeIdentity(),
            "a host registers only the identity of its own certificate ('" + mine + "')");
      }
      return Decision.ALLOW;
    }
    return Decision.refuse(p, "publish " + event, "hosts speak only for their own containers and registration;"
        + " networks and host removal belong to orchestrators and operators");
  }

  private Decision ownContainer(Principal p, String event, String containerId) {
    Optional<String> host = owners.hostOf(containerId);
    if (host.isPresent() && p.isHost(host.get())) {
      return Decision.ALLOW;
    }
    return Decision.refuse(p, "publish " + event + " for container " + containerId, host
        .map(h -> "the container runs on host " + h + ", not on " + p.name())
        .orElse("the gateway knows of no such container on host " + p.name()));
  }
}
