package io.netledger.agent.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stateful in-memory kernel for unit tests (felix's {@code mocknetlink}): namespaces hold
 * objects, veth pairs span two namespaces, deleting a link takes its addresses, routes,
 * neighbours, FDB entries and peer with it, and the kernel's refusals are imitated ("File exists",
 * "Cannot find device", a route onto a device that is down). {@link #failNext} makes the next
 * operation on one object fail, to test that failures stay local and are retried.
 *
 * <p>Tests assert the final state ({@link #read}, {@link #put}), not call sequences;
 * {@link #mutations()} counts successful changes, to show that a reconcile changed nothing.
 */
public final class FakeKernel implements Kernel {
  private final Map<Namespace, Map<List<Object>, KernelObject>> spaces = new LinkedHashMap<>();
  private final Map<List<Object>, Namespace> vethPeerOf = new HashMap<>(); // (ns, name) -> peer ns
  private final Map<List<Object>, String> vethPeerName = new HashMap<>();
  private final Set<List<Object>> failNext = new HashSet<>();
  private final Set<Namespace> hostAliases = new HashSet<>();
  private int mutations;
  private int reads;
  private int macCounter;

  public FakeKernel() {
    spaces.put(Namespace.HOST, new LinkedHashMap<>());
  }

  public synchronized FakeKernel createNamespace(Namespace ns) {
    spaces.putIfAbsent(ns, new LinkedHashMap<>());
    return this;
  }

  /** Puts an object as someone else would (e.g. a foreign route), bypassing all checks. */
  public synchronized FakeKernel put(Namespace ns, KernelObject o) {
    createNamespace(ns);
    spaces.get(ns).put(id(o), o);
    return this;
  }

  /** Makes {@code ns} the host's own namespace under another name (as /proc/1/ns/net is). */
  public synchronized FakeKernel aliasOfHost(Namespace ns) {
    hostAliases.add(ns);
    return this;
  }

  /** Removes an object behind the agent's back (drift), with the kernel's cascade for links. */
  public synchronized void remove(Namespace ns, KernelObject o) {
    if (o instanceof Link l) {
      deleteLink(ns, l.name());
    } else {
      spaces.get(ns).remove(id(o));
    }
  }

  /** The next add/replace/delete of the object with {@code o}'s type and key in {@code ns} fails once. */
  public synchronized void failNext(Namespace ns, KernelObject o) {
    failNext.add(List.of(ns, o.getClass(), o.key()));
  }

  public synchronized int mutations() {
    return mutations;
  }

  /** How many namespace reads were made. */
  public synchronized int reads() {
    return reads;
  }

  @Override
  public synchronized KernelState read(Namespace ns) {
    reads++;
    Map<List<Object>, KernelObject> space = spaces.get(ns);
    if (space == null) {
      throw new KernelException("Cannot open network namespace \"" + ns + "\": No such file or directory");
    }
    List<KernelObject> out = new ArrayList<>();
    for (KernelObject o : space.values()) {
      // The kernel cannot tell where a veth's peer lives by name: neither does the fake.
      out.add(o instanceof Link l && l.peer() != null
          ? new Link(l.name(), l.kind(), l.mtu(), l.mac(), l.up(), null, null) : o);
    }
    return new KernelState(out);
  }

  @Override
  public synchronized List<Result> apply(Namespace ns, List<Change> changes) {
    List<Result> results = new ArrayList<>();
    for (Change c : changes) {
      Result r = applyOne(ns, c);
      if (r.ok()) {
        mutations++;
      }
      results.add(r);
    }
    return results;
  }

  private Result applyOne(Namespace ns, Change c) {
    if (hostAliases.contains(ns)) {
      return new Result(c, Result.Status.FAILED, Namespace.hostAliasRefusal(ns));
    }
    if (c.object() instanceof Link l && l.peer() != null && hostAliases.contains(l.peer().namespace())) {
      return new Result(c, Result.Status.FAILED, Namespace.hostAliasRefusal(l.peer().namespace()));
    }
    Map<List<Object>, KernelObject> space = spaces.get(ns);
    if (space == null) {
      return new Result(c, Result.Status.FAILED, "Cannot open network namespace \"" + ns + "\"");
    }
    KernelObject o = c.object();
    if (failNext.remove(List.of(ns, o.getClass(), o.key()))) {
      return new Result(c, Result.Status.FAILED, "injected failure");
    }
    KernelObject existing = space.get(id(o));
    if (c.op() == Change.Op.DELETE) {
      if (existing == null) {
        return new Result(c, Result.Status.NOT_FOUND, "No such object");
      }
      if (o instanceof Link l) {
        deleteLink(ns, l.name());
      } else {
        space.remove(id(o));
      }
      return Result.ok(c);
    }
    if (c.op() == Change.Op.ADD && existing != null) {
      return new Result(c, Result.Status.EXISTS, "File exists");
    }
    String refused = refusal(ns, space, o);
    if (refused != null) {
      return new Result(c, Result.Status.FAILED, refused);
    }
    if (o instanceof Link l) {
      return putLink(ns, space, l, existing, c);
    }
    space.put(id(o), o);
    return Result.ok(c);
  }

  /** The kernel's refusal for an object whose device is missing or down, else null. */
  private static String refusal(Namespace ns, Map<List<Object>, KernelObject> space, KernelObject o) {
    String dev = o.device();
    if (o instanceof Link || dev == null) {
      return null;
    }
    KernelObject link = space.get(List.of(Link.class, dev));
    if (link == null) {
      return "Cannot find device \"" + dev + "\" in " + ns;
    }
    if (o instanceof Route && !((Link) link).up()) {
      return "Device for nexthop is not up";
    }
    return null;
  }

  private Result putLink(Namespace ns, Map<List<Object>, KernelObject> space, Link l, KernelObject existing,
      Change c) {
    if (existing != null) { // "ip link set": only adjustable settings change
      Link e = (Link) existing;
      space.put(id(l), new Link(e.name(), e.kind(), l.mtu(), l.mac() != null ? l.mac() : e.mac(), l.up(),
          e.peer(), e.vxlan()));
      return Result.ok(c);
    }
    if (c.op() == Change.Op.REPLACE) {
      return new Result(c, Result.Status.NOT_FOUND, "Cannot find device \"" + l.name() + "\"");
    }
    String mac = l.mac() != null ? l.mac() : String.format("02:00:00:00:%02x:%02x", ++macCounter >> 8,
        macCounter & 0xff);
    if (l.kind() == Link.Kind.VETH) {
      if (l.peer() == null) {
        return new Result(c, Result.Status.FAILED, "a veth end is created with its peer");
      }
      Map<List<Object>, KernelObject> peerSpace = spaces.get(l.peer().namespace());
      if (peerSpace == null) {
        return new Result(c, Result.Status.FAILED, "Invalid netns value \"" + l.peer().namespace() + "\"");
      }
      if (peerSpace.containsKey(List.of(Link.class, l.peer().name()))) {
        return new Result(c, Result.Status.EXISTS, "File exists (peer " + l.peer().name() + ")");
      }
      peerSpace.put(List.of(Link.class, l.peer().name()),
          new Link(l.peer().name(), Link.Kind.VETH, l.mtu(), l.peer().mac(), false, null, null));
      vethPeerOf.put(List.of(ns, l.name()), l.peer().namespace());
      vethPeerName.put(List.of(ns, l.name()), l.peer().name());
      vethPeerOf.put(List.of(l.peer().namespace(), l.peer().name()), ns);
      vethPeerName.put(List.of(l.peer().namespace(), l.peer().name()), l.name());
    }
    space.put(id(l), new Link(l.name(), l.kind(), l.mtu(), mac, l.up(), l.peer(), l.vxlan()));
    return Result.ok(c);
  }

  private void deleteLink(Namespace ns, String name) {
    Map<List<Object>, KernelObject> space = spaces.get(ns);
    if (space.remove(List.of(Link.class, name)) == null) {
      return;
    }
    space.values().removeIf(o -> name.equals(o.device()));
    Namespace peerNs = vethPeerOf.remove(List.of(ns, name));
    String peerName = vethPeerName.remove(List.of(ns, name));
    if (peerNs != null) {
      deleteLink(peerNs, peerName);
    }
  }

  private static List<Object> id(KernelObject o) {
    return List.of(o.getClass(), o.key());
  }
}
