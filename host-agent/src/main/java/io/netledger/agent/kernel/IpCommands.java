package io.netledger.agent.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Change} as lines for {@code ip -batch}, {@code bridge -batch} or
 * {@code sysctl -w}. Each line is family-agnostic: iproute2 infers the family from the
 * addresses, and default routes and rules spell the family's any-prefix instead of "default".
 *
 * <p>Neighbours and FDB entries use {@code replace} for adds too: the device is ours, and a
 * learned (non-permanent) entry for the same address must simply be overwritten.
 */
final class IpCommands {
  enum Tool { IP, BRIDGE, SYSCTL }

  /** One line to run with {@code tool} in namespace {@code where}. */
  record Step(Namespace where, Tool tool, String line) {}

  private IpCommands() {}

  /**
   * The steps of {@code c} in namespace {@code ns}. {@code hostRef} is how a command run inside
   * another namespace names the host namespace ({@code netns NAME} or a PID), for veth pairs
   * whose container namespace is a path that {@code ip ... netns} cannot name.
   */
  static List<Step> render(Namespace ns, Change c, String hostRef) {
    KernelObject o = c.object();
    String op = switch (c.op()) {
      case ADD -> "add";
      case REPLACE -> "replace";
      case DELETE -> "del";
    };
    if (o instanceof Link l) {
      return link(ns, c.op(), l, hostRef);
    }
    if (o instanceof Address a) {
      return List.of(new Step(ns, Tool.IP, "address " + op + " " + a.prefix() + " dev " + a.device()));
    }
    if (o instanceof Route r) {
      return List.of(new Step(ns, Tool.IP, "route " + op + " " + route(r)));
    }
    if (o instanceof Neighbour n) {
      return List.of(new Step(ns, Tool.IP, c.op() == Change.Op.DELETE
          ? "neigh del " + n.ip() + " dev " + n.device()
          : "neigh replace " + n.ip() + " lladdr " + n.mac() + " dev " + n.device() + " nud permanent"));
    }
    if (o instanceof FdbEntry f) {
      return List.of(new Step(ns, Tool.BRIDGE, c.op() == Change.Op.DELETE
          ? "fdb del " + f.mac() + " dev " + f.device() + " dst " + f.dst() + " self"
          : "fdb replace " + f.mac() + " dev " + f.device() + " dst " + f.dst() + " self permanent"));
    }
    if (o instanceof Rule r) {
      String rop = c.op() == Change.Op.DELETE ? "del" : "add";
      return List.of(new Step(ns, Tool.IP, "rule " + rop + " from " + (r.from() != null ? r.from() : r.family().any())
          + (r.iif() == null ? "" : " iif " + r.iif())
          + (r.fwmark() == 0 ? "" : " fwmark 0x" + Integer.toHexString(r.fwmark())) + " lookup " + r.table() + " priority " + r.priority()));
    }
    if (o instanceof Sysctl s) {
      if (c.op() == Change.Op.DELETE) {
        throw new IllegalArgumentException("sysctls are set, never deleted: " + s);
      }
      return List.of(new Step(ns, Tool.SYSCTL, s.name() + "=" + s.value()));
    }
    throw new IllegalArgumentException("unknown object " + o);
  }

  static String route(Route r) {
    StringBuilder b = new StringBuilder();
    if (r.type() == Route.Type.UNREACHABLE) {
      b.append("unreachable ");
    } else if (r.type() == Route.Type.THROW) {
      b.append("throw ");
    }
    b.append(r.dst());
    if (r.gateway() != null) {
      b.append(" via ").append(r.gateway());
    }
    if (r.device() != null) {
      b.append(" dev ").append(r.device());
    }
    if (r.onlink()) {
      b.append(" onlink");
    }
    b.append(" table ").append(r.table()).append(" proto ").append(r.protocol());
    if (r.scope() == Route.Scope.LINK) {
      b.append(" scope link");
    }
    return b.toString();
  }

  private static List<Step> link(Namespace ns, Change.Op op, Link l, String hostRef) {
    if (op == Change.Op.DELETE) {
      return List.of(new Step(ns, Tool.IP, "link del dev " + l.name()));
    }
    String settings = (l.mac() != null ? " address " + l.mac() : "") + " mtu " + l.mtu();
    String up = l.up() ? " up" : "";
    if (op == Change.Op.REPLACE) { // only adjustable settings: incompatible devices are recreated instead
      return List.of(new Step(ns, Tool.IP, "link set dev " + l.name() + settings + (l.up() ? " up" : " down")));
    }
    if (l.kind() == Link.Kind.VXLAN) {
      Link.Vxlan v = l.vxlan();
      return List.of(new Step(ns, Tool.IP, "link add " + l.name() + settings + up + " type vxlan id " + v.vni()
          + " local " + v.local() + " dstport " + v.port() + (v.learning() ? " learning" : " nolearning")
          + (v.underlayDevice() != null ? " dev " + v.underlayDevice() : "")));
    }
    if (l.kind() == Link.Kind.VETH && l.peer() != null) {
      Link.VethPeer p = l.peer();
      String peerSettings = (p.mac() != null ? " address " + p.mac() : "") + " mtu " + l.mtu();
      if (!p.namespace().isPath()) {
        return List.of(new Step(ns, Tool.IP, "link add " + l.name() + settings + up + " type veth peer name "
            + p.name() + " netns " + p.namespace().ref() + peerSettings));
      }
      // Created from inside the container namespace, naming the host side's namespace instead.
      List<Step> steps = new ArrayList<>();
      steps.add(new Step(p.namespace(), Tool.IP, "link add " + p.name() + peerSettings + " type veth peer name "
          + l.name() + " netns " + hostRef + settings));
      if (l.up()) {
        steps.add(new Step(ns, Tool.IP, "link set dev " + l.name() + " up"));
      }
      return steps;
    }
    throw new IllegalArgumentException("cannot create " + l + " (a veth end is created with its host side)");
  }
}
