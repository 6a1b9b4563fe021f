package io.netledger.agent.calc;

import io.netledger.agent.kernel.NftTable;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.PortMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The host's nftables table {@code inet netledger}, computed purely from its host-state slices
 * (the networks it programs, as {@link DesiredState} decides them, fail closed included).
 *
 * <ul>
 *   <li>{@code postrouting} (nat): traffic from a {@code natOutgoing} network's pool to a
 *       destination outside every network on this host, leaving by a device that is not ours
 *       (the underlay), is masqueraded to the host's address.</li>
 *   <li>{@code steer} (filter, prerouting, after NAT): that traffic, and replies to it rewritten
 *       back to a container's address, are marked with the network's table, which a policy rule
 *       then selects ({@link DesiredState}); nothing else is marked, so the underlay cannot route
 *       into a network.</li>
 *   <li>{@code forward} (filter): a container's packet never leaves by the underlay towards an
 *       address in any network here (the way out is not a way into another network), nor
 *       towards a VXLAN port (no hand-made VXLAN into a peer's network).</li>
 *   <li>{@code input} (filter): a container reaches its host only at {@value DesiredState#SERVICE_ADDRESS}
 *       (DNS, metadata), by ping of its gateway, and with replies to connections the host made.</li>
 * </ul>
 * <ul>
 *   <li>{@code ports} / {@code ports-local} (nat prerouting / output): a published port of a
 *       container here, to the host's underlay address (or the port's hostIp) from outside or
 *       from the host itself, is DNATed to the container's ip:containerPort; {@code steer} and
 *       {@code steer-local} mark it with the network's table and {@code forward} accepts it.</li>
 * </ul>
 * With no network on the host the table is {@link NftTable#EMPTY} (removed).
 */
public final class FirewallPlan {
  private FirewallPlan() {}

  /** What container namespaces' host-side veths are called (see {@link Owned}). */
  static final String VETHS = "\"nlv*\"";
  static final String VXLANS = "\"nlx*\"";

  /**
   * The mark of a reply from a published port of a network without natOutgoing: a policy rule
   * ({@link Owned#REPLY_RULE_PRIORITY}) routes it by the main table, back to the client. Below
   * every network's table id (100000 + VNI), which are the other marks.
   */
  public static final int REPLY_MARK = 99_999;

  /** The firewall mark of a network's returning egress traffic: its routing table id. */
  public static int mark(NetworkOnHost n) {
    return n.getRoutingTable();
  }

  public static NftTable from(HostConfig host, Collection<HostStateSlice> slices) {
    TreeMap<String, NetworkOnHost> networks = new TreeMap<>();
    TreeMap<String, LocalEndpoint> endpoints = new TreeMap<>();
    for (HostStateSlice s : slices) {
      if (host.hostId().equals(s.getHostId()) && s.getSlice() instanceof NetworkOnHost n
          && DesiredState.programmable(host, n)) {
        networks.put(n.getNetworkId(), n);
      } else if (host.hostId().equals(s.getHostId()) && s.getSlice() instanceof LocalEndpoint e
          && !e.getPorts().isEmpty()) {
        endpoints.put(e.getContainerId(), e);
      }
    }
    if (networks.isEmpty()) {
      return NftTable.EMPTY;
    }
    String pools = set(networks.values().stream().map(NetworkOnHost::getCidr).distinct().sorted().toList());
    String notOurs = "oifname != " + VETHS + " oifname != " + VXLANS;
    List<String> steer = new ArrayList<>();
    List<String> postrouting = new ArrayList<>();
    for (NetworkOnHost n : networks.values()) {
      if (n.getNatOutgoing()) {
        // Egress itself carries the mark too: the kernel's reverse-path check of a packet that
        // leaves by the underlay is a lookup "as if from the underlay", which only the mark
        // (with src_valid_mark on the veth) leads to the network's table (rp_filter 1 or 2).
        steer.add("iifname " + VETHS + " ip saddr " + n.getCidr() + " ip daddr != " + pools + " meta mark set " + mark(n));
        steer.add("ct direction reply ct status snat ip daddr " + n.getCidr() + " meta mark set " + mark(n));
        postrouting.add("ip saddr " + n.getCidr() + " " + notOurs + " ip daddr != " + pools + " masquerade");
      }
    }
    List<String> dnat = new ArrayList<>();
    List<String> steerOut = new ArrayList<>();
    List<String> forward = new ArrayList<>();
    for (LocalEndpoint e : endpoints.values()) {
      NetworkOnHost n = networks.get(e.getNetworkId());
      if (n == null) {
        continue; // not programmed here (fail closed): nothing to forward to
      }
      for (PortMapping p : e.getPorts()) {
        String proto = p.getProtocol().toString().toLowerCase(Locale.ROOT);
        String to = p.getHostIp() != null ? p.getHostIp() : host.underlayIp();
        // One rule serves both hooks: prerouting (from the underlay) and output (the host itself).
        dnat.add("ip daddr " + to + " " + proto + " dport " + p.getHostPort() + " dnat ip to " + e.getIp() + ":"
            + p.getContainerPort());
        forward.add("ct status dnat ip daddr " + e.getIp() + " " + proto + " dport " + p.getContainerPort() + " accept");
        // The host's own packets are marked before their DNAT (route chain, -150): the re-route
        // that nat output makes must already find the network's table (main has no route in).
        steerOut.add("ip daddr " + to + " " + proto + " dport " + p.getHostPort() + " meta mark set " + mark(n));
      }
      // After DNAT the packet is for a container: the network's mark leads it to the network's
      // table (the underlay reaches no network otherwise; see steer). Only DNATed connections.
      String marked = "ct direction original ct status dnat ip daddr " + e.getIp() + " meta mark set " + mark(n);
      if (!steer.contains(marked)) {
        steer.add(marked);
      }
      if (!n.getNatOutgoing()) {
        // Without natOutgoing the network's table ends unreachable: the replies of these
        // connections (still from the container's address in prerouting; conntrack rewrites
        // them back to host:port after routing) are routed by their own mark instead.
        steer.add("iifname " + VETHS + " ct direction reply ct status dnat ip saddr " + e.getIp()
            + " meta mark set " + REPLY_MARK);
      }
    }
    forward.add("iifname " + VETHS + " " + notOurs + " ip daddr " + pools + " drop");
    forward.add("iifname " + VETHS + " " + notOurs + " udp dport 4789 drop");
    List<String> input = new ArrayList<>(List.of(
        "iifname " + VETHS + " ct state established,related accept",
        "iifname " + VETHS + " ip daddr " + DesiredState.SERVICE_ADDRESS + " accept"));
    for (NetworkOnHost n : networks.values()) {
      // A container may ping its own gateway, not another network's.
      input.add("iifname " + VETHS + " ip saddr " + n.getCidr() + " ip daddr " + n.getTunnelIp()
          + " icmp type echo-request accept");
    }
    input.add("iifname " + VETHS + " drop");
    List<NftTable.Chain> chains = new ArrayList<>();
    if (!dnat.isEmpty()) {
      // Published ports: nat prerouting and output (-100, dstnat) rewrite the destination; steer
      // (-90) then marks the connection from outside; the host's own packets are marked by a
      // route chain before nat output (-150), whose re-route then uses the network's table.
      chains.add(new NftTable.Chain("ports", "nat", "prerouting", -100, dnat));
      chains.add(new NftTable.Chain("ports-local", "nat", "output", -100, dnat));
      chains.add(new NftTable.Chain("steer-local", "route", "output", -150, steerOut));
    }
    chains.addAll(List.of(
        new NftTable.Chain("steer", "filter", "prerouting", -90, steer),
        new NftTable.Chain("forward", "filter", "forward", 0, forward),
        new NftTable.Chain("input", "filter", "input", 0, input),
        new NftTable.Chain("postrouting", "nat", "postrouting", 100, postrouting)));
    return new NftTable(chains);
  }

  private static String set(List<String> items) {
    return "{ " + String.join(", ", items) + " }";
  }
}
