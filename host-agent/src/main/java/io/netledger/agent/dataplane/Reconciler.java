package io.netledger.agent.dataplane;

import io.netledger.agent.calc.DesiredState;
import io.netledger.agent.kernel.Address;
import io.netledger.agent.kernel.Change;
import io.netledger.agent.kernel.FdbEntry;
import io.netledger.agent.kernel.Kernel;
import io.netledger.agent.kernel.KernelException;
import io.netledger.agent.kernel.KernelObject;
import io.netledger.agent.kernel.KernelState;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.agent.kernel.Neighbour;
import io.netledger.agent.kernel.Result;
import io.netledger.agent.kernel.Route;
import io.netledger.agent.kernel.Rule;
import io.netledger.agent.kernel.Sysctl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The driver: takes the whole {@link DesiredState}, reads each namespace back, and applies the
 * minimal batch of changes (flannel's device reconciliation, felix's dataplane drivers).
 *
 * <p>Rules it keeps: an object that already exists with the same settings is left alone; a
 * delete that finds nothing succeeded; an existing device of the wrong kind or VXLAN
 * parameters is recreated; only owned objects are changed or deleted ({@link Ownership});
 * deletions happen only when {@code sweep} is set (the caller is caught up with the log);
 * a failed object is reported and stays wrong in the kernel, so the next diff retries it.
 *
 * <p>Order: in the host namespace deletions run first, dependants before what they hang on
 * (rules, routes, FDB, neighbours, addresses, links); then links (veth pairs create the container
 * side), then each container namespace, then the rest of the host namespace in
 * {@link #PHASES} order. Unless {@code resync}, container namespaces whose desired state was
 * applied cleanly before are skipped, and the host namespace is diffed against what the last
 * clean apply left rather than read back: a read costs several processes with iproute2 and,
 * at 10,000 peers, most of the time of a one-peer change. Resync is the backstop for drift.
 */
public final class Reconciler {
  /** Creation order: a link before what hangs on it; neighbour and FDB before routes via them. */
  static final List<Class<? extends KernelObject>> PHASES = List.of(
      Link.class, Sysctl.class, Address.class, Neighbour.class, FdbEntry.class, Route.class, Rule.class);

  /** What DesiredState puts into a container's namespace: its interface, address and routes. */
  static final Set<Class<? extends KernelObject>> CONTAINER_KINDS = Set.of(Link.class, Address.class, Route.class);

  private final Kernel kernel;
  private final Map<Namespace, KernelState> appliedClean = new HashMap<>();
  private KernelState hostApplied;

  public Reconciler(Kernel kernel) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
  }

  /** Brings the kernel to {@code desired}; see the class comment for the rules. */
  public ApplyReport reconcile(DesiredState desired, boolean sweep, boolean resync) {
    Pass pass = new Pass(desired, sweep, resync);
    KernelState desiredHost = desired.in(Namespace.HOST);
    KernelState host;
    try {
      // Between resyncs the host namespace is taken to hold what the last clean apply left
      // (felix's cache): reading back tens of thousands of objects costs most of a small change.
      host = !resync && hostApplied != null ? hostApplied : kernel.read(Namespace.HOST);
    } catch (KernelException e) {
      desiredHost.all().forEach(o -> pass.fail(Namespace.HOST, Change.add(o), "host namespace: " + e.getMessage()));
      hostApplied = null;
      return pass.report();
    }
    List<Change> deletes = new ArrayList<>();
    if (sweep) {
      for (int i = PHASES.size() - 1; i >= 0; i--) {
        deletes.addAll(sweeps(Namespace.HOST, PHASES.get(i), host, desiredHost));
      }
      pass.run(Namespace.HOST, deletes);
    } else {
      pass.deferred += countSweeps(Namespace.HOST, host, desiredHost);
    }

    Map<Namespace, Boolean> toVisit = new HashMap<>();
    desired.namespaces().keySet().stream().filter(ns -> !ns.isHost())
        .forEach(ns -> toVisit.put(ns, resync || !desired.in(ns).equals(appliedClean.get(ns))));
    appliedClean.keySet().retainAll(desired.namespaces().keySet());

    List<Change> links = linkChanges(pass, host, desiredHost, toVisit);
    pass.run(Namespace.HOST, links);
    if (java.util.stream.Stream.concat(deletes.stream(), links.stream())
        .anyMatch(c -> c.op() == Change.Op.DELETE && c.object() instanceof Link)) {
      // Deleting or recreating a link takes its addresses, routes and neighbours with it.
      host = pass.safeRead(Namespace.HOST);
    }

    for (Map.Entry<Namespace, Boolean> e : toVisit.entrySet()) {
      if (e.getValue()) {
        Namespace ns = e.getKey();
        int before = pass.errors.size();
        reconcileNamespace(pass, ns, desired.in(ns), PHASES);
        if (pass.errors.size() == before) {
          appliedClean.put(ns, desired.in(ns));
        } else {
          appliedClean.remove(ns);
        }
      }
    }
    // One batch in phase order: ip -batch keeps the order, and fewer processes are faster.
    List<Change> rest = new ArrayList<>();
    for (Class<? extends KernelObject> type : PHASES.subList(1, PHASES.size())) {
      rest.addAll(upserts(pass, Namespace.HOST, type, host, desiredHost));
    }
    pass.run(Namespace.HOST, rest);
    // Deferred deletions leave extra objects: the resync that comes with catching up finds them.
    hostApplied = pass.errors.isEmpty() ? desiredHost : null;
    pass.programmed = appliedClean.keySet();
    return pass.report();
  }

  private void reconcileNamespace(Pass pass, Namespace ns, KernelState want, List<Class<? extends KernelObject>> types) {
    KernelState have;
    try {
      // A container namespace holds what the agent put there (CONTAINER_KINDS) and whatever the
      // runtime did; reading just those kinds is what makes a container's first apply quick
      // (CniLatencyBench). A resync reads everything, so it still sweeps any kind.
      have = pass.resync ? kernel.read(ns) : kernel.read(ns, readKinds(want));
    } catch (KernelException e) {
      want.all().forEach(o -> pass.fail(ns, Change.add(o), e.getMessage()));
      return;
    }
    if (pass.sweep) {
      List<Change> deletes = new ArrayList<>();
      for (int i = types.size() - 1; i >= 0; i--) {
        deletes.addAll(sweeps(ns, types.get(i), have, want));
      }
      pass.run(ns, deletes);
    } else {
      pass.deferred += countSweeps(ns, have, want);
    }
    List<Change> upserts = new ArrayList<>();
    for (Class<? extends KernelObject> type : types) {
      upserts.addAll(upserts(pass, ns, type, have, want));
    }
    pass.run(ns, upserts);
  }

  /** Host links, with the veth check that needs the peer's namespace: a pair with no far end is recreated. */
  private List<Change> linkChanges(Pass pass, KernelState host, KernelState want, Map<Namespace, Boolean> toVisit) {
    List<Change> out = new ArrayList<>(upserts(pass, Namespace.HOST, Link.class, host, want));
    for (Link l : want.of(Link.class).values()) {
      Link actual = host.get(Link.class, l.name());
      if (l.peer() == null || actual == null || !l.compatible(actual)
          || !Boolean.TRUE.equals(toVisit.get(l.peer().namespace()))) {
        continue;
      }
      KernelState peerNs;
      try {
        peerNs = kernel.read(l.peer().namespace(), Set.of(Link.class));
      } catch (KernelException e) {
        continue; // reported when the container namespace itself is visited
      }
      Link far = peerNs.get(Link.class, l.peer().name());
      if (far == null || far.kind() != Link.Kind.VETH) {
        out.removeIf(c -> c.object().equals(l));
        out.add(Change.delete(actual));
        out.add(Change.add(l));
      }
    }
    return out;
  }

  /** The kinds an ordinary (not resync) apply reads in a container namespace. */
  private static Set<Class<? extends KernelObject>> readKinds(KernelState want) {
    Set<Class<? extends KernelObject>> kinds = new HashSet<>(CONTAINER_KINDS);
    want.all().forEach(o -> kinds.add(o.getClass()));
    return kinds;
  }

  /** Adds and in-place changes that turn {@code have} into {@code want} for one object type. */
  private List<Change> upserts(Pass pass, Namespace ns, Class<? extends KernelObject> type, KernelState have,
      KernelState want) {
    List<Change> out = new ArrayList<>();
    for (KernelObject d : want.of(type).values()) {
      KernelObject a = have.get(type, d.key());
      if (a == null) {
        if (d instanceof Link l && l.kind() == Link.Kind.VETH && l.peer() == null) {
          pass.fail(ns, Change.add(d), "missing: created with its host side, retried on the next apply");
        } else {
          out.add(Change.add(d));
        }
      } else if (!Ownership.mayChange(ns, a, want) && !(a instanceof Link)) {
        if (!a.equals(d)) {
          pass.fail(ns, Change.replace(d), "held by someone else: " + a);
        }
      } else if (d instanceof Link l) {
        Link al = (Link) a;
        if (!l.compatible(al)) {
          if ((ns.isHost() && l.peer() != null) || l.kind() == Link.Kind.VXLAN) {
            out.add(Change.delete(al));
            out.add(Change.add(l));
          } else {
            pass.fail(ns, Change.replace(d), "incompatible device in a namespace not ours: " + a);
          }
        } else if (!l.settled(al)) {
          out.add(Change.replace(l));
        }
      } else if (!a.equals(d)) {
        out.add(Change.replace(d));
      }
    }
    return out;
  }

  private static List<Change> sweeps(Namespace ns, Class<? extends KernelObject> type, KernelState have,
      KernelState want) {
    List<Change> out = new ArrayList<>();
    for (KernelObject a : have.of(type).values()) {
      if (want.get(type, a.key()) == null && Ownership.sweepable(ns, a, want)) {
        out.add(Change.delete(a));
      }
    }
    return out;
  }

  private static int countSweeps(Namespace ns, KernelState have, KernelState want) {
    return PHASES.stream().mapToInt(t -> sweeps(ns, t, have, want).size()).sum();
  }

  /** One reconcile: runs batches and collects outcomes. */
  private final class Pass {
    final DesiredState desired;
    final boolean sweep;
    final boolean resync;
    final List<ApplyReport.ObjectError> errors = new ArrayList<>();
    int changes;
    int deferred;
    Set<Namespace> programmed = Set.of();

    Pass(DesiredState desired, boolean sweep, boolean resync) {
      this.desired = desired;
      this.sweep = sweep;
      this.resync = resync;
    }

    void fail(Namespace ns, Change c, String message) {
      errors.add(new ApplyReport.ObjectError(ns, c, message));
    }

    void run(Namespace ns, List<Change> batch) {
      if (batch.isEmpty()) {
        return;
      }
      KernelState reread = null;
      for (Result r : kernel.apply(ns, batch)) {
        Change c = r.change();
        switch (r.status()) {
          case OK -> changes++;
          case NOT_FOUND -> {
            if (c.op() != Change.Op.DELETE) {
              fail(ns, c, r.message());
            }
          }
          case EXISTS -> {
            // Someone (or an earlier try) made it between our read and now: fine if it is equal.
            if (reread == null) {
              reread = safeRead(ns);
            }
            KernelObject now = reread.get(c.object().getClass(), c.object().key());
            if (!c.object().equals(now)
                && !(now instanceof Link nl && c.object() instanceof Link dl && dl.compatible(nl) && dl.settled(nl))) {
              fail(ns, c, r.message() + (now == null ? "" : ": " + now));
            }
          }
          default -> fail(ns, c, r.message());
        }
      }
    }

    KernelState safeRead(Namespace ns) {
      try {
        return kernel.read(ns);
      } catch (KernelException e) {
        return KernelState.EMPTY;
      }
    }

    ApplyReport report() {
      return new ApplyReport(changes, errors, deferred, desired.problems(), programmed);
    }
  }
}
