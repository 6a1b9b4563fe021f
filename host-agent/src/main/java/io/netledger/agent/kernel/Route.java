package io.netledger.agent.kernel;

import java.util.List;

/**
 * A route of one table. {@code dst} is a canonical prefix ("10.42.0.2/32", "0.0.0.0/0");
 * {@code gateway} and {@code device} may be null (an unreachable route has neither).
 * {@code protocol} marks the owner: the agent's routes carry its own number, so it recognises
 * them after a restart and never touches routes of others.
 */
public record Route(int table, String dst, Type type, String gateway, String device, boolean onlink,
    Scope scope, int protocol) implements KernelObject {

  public enum Type { UNICAST, UNREACHABLE, THROW, OTHER }

  public enum Scope { UNIVERSE, LINK, OTHER }

  public static final int MAIN_TABLE = 254;

  /** A route straight onto a device ({@code scope link}), e.g. a container's /32 on its veth. */
  public static Route direct(int table, String dst, String device, int protocol) {
    return new Route(table, Family.prefix(dst), Type.UNICAST, null, device, false, Scope.LINK, protocol);
  }

  /** A route via a gateway that need not be on a connected subnet ({@code onlink}). */
  public static Route onlinkVia(int table, String dst, String gateway, String device, int protocol) {
    return new Route(table, Family.prefix(dst), Type.UNICAST, gateway, device, true, Scope.UNIVERSE, protocol);
  }

  /** A route that answers "network unreachable", so lookups stop in this table. */
  public static Route unreachable(int table, String dst, int protocol) {
    return new Route(table, Family.prefix(dst), Type.UNREACHABLE, null, null, false, Scope.UNIVERSE, protocol);
  }

  /**
   * A route that ends the lookup in this table without an answer, so the next policy rule is
   * tried (a network's egress: what no network route matches goes on to the main table).
   */
  public static Route throwing(int table, String dst, int protocol) {
    return new Route(table, Family.prefix(dst), Type.THROW, null, null, false, Scope.UNIVERSE, protocol);
  }

  public Family family() {
    return Family.of(dst);
  }

  @Override
  public Object key() {
    return List.of(table, dst);
  }
}
