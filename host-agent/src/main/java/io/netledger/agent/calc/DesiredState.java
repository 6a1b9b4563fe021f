package io.netledger.agent.calc;

import io.netledger.agent.kernel.Address;
import io.netledger.agent.kernel.FdbEntry;
import io.netledger.agent.kernel.Family;
import io.netledger.agent.kernel.KernelObject;
import io.netledger.agent.kernel.KernelState;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.agent.kernel.Neighbour;
import io.netledger.agent.kernel.Route;
import io.netledger.agent.kernel.Rule;
import io.netledger.agent.kernel.Sysctl;
import io.netledger.agent.ipsec.TunnelAddress;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel objects a host must hold, per namespace, computed purely from its host-state slices
 * (felix's calculation graph, without I/O). In: the slices of {@code netledger.host-state.v1} for
 * this host and the host's {@link HostConfig}. Out: for the host namespace the VXLAN devices,
 * tunnel addresses, tables, rules, neighbours, FDB entries, veth host sides and sysctls; for each
 * container namespace its {@code eth0} settings, address and default route. Slices that cannot be
 * programmed (an endpoint or peer of a network the host is not in, an encrypted network on a host
 * that cannot encrypt: fail closed, a slice {@link SliceCheck} refuses, a field no kernel object
 * can be made of) are listed in {@link #problems()} and otherwise skipped: {@code from} never
 * throws, so one bad record on the partition costs its own objects and nothing else.
 *
 * <p>Encrypted networks ({@code IPSEC}) differ only in where VXLAN runs: between the hosts'
 * {@link TunnelAddress tunnel addresses} instead of their underlay addresses, so that every VXLAN
 * packet matches an IPsec traffic selector (the tunnels themselves are the {@code ipsec}
 * package's). Their MTU is capped at {@link #IPSEC_MTU}, and an unreachable route for
 * {@link TunnelAddress#POOL} in the main table drops VXLAN to a peer whose SA is not up (the SA's
 * route in table 220 is looked up first), so nothing of an encrypted network leaves in clear.
 *
 * <p>Data path per network: traffic arriving on the network's veths or VXLAN device selects the
 * network's table by rule; the table holds a /32 per local container (onto its veth), a route per
 * peer block and borrowed address (onlink via the peer's tunnel address on the VXLAN device) and
 * an unreachable default, so lookups never fall through to another network or the host. With
 * egress ({@link FirewallPlan}) a {@code natOutgoing} network's table ends in a throw default
 * instead: what no route of the network matches goes on to the main table, out of the underlay,
 * and the firewall keeps it from reaching another network or the host's own services.
 */
public record DesiredState(Map<Namespace, KernelState> namespaces, List<String> problems) {
  public static final DesiredState EMPTY = new DesiredState(Map.of(), List.of());

  /** Where each host serves DNS and metadata to its containers (as rancher-dns did). */
  public static final String SERVICE_ADDRESS = "169.254.169.250";

  /** Routes back from {@link #SERVICE_ADDRESS} to local containers; network tables are 100000 + VNI (VNI >= 1). */
  public static final int SERVICE_TABLE = 100_000;

  /**
   * Largest overlay MTU on an encrypted network: VXLAN (50) plus ESP in UDP with AES-GCM (about
   * 70) on a 1500 underlay; 1350 leaves headroom and is what worked with libipsec here.
   */
  public static final int IPSEC_MTU = 1350;

  public DesiredState {
    namespaces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
    problems = List.copyOf(problems);
  }

  /** The desired objects of {@code ns}, empty when nothing is wanted there. */
  public KernelState in(Namespace ns) {
    return namespaces.getOrDefault(ns, KernelState.EMPTY);
  }

  public static DesiredState from(HostConfig host, Collection<HostStateSlice> slices) {
    return from(host, slices, false);
  }

  /**
   * As {@link #from(HostConfig, Collection)}; with {@code egress} (the agent programs its nftables
   * table, {@link FirewallPlan}) a network with {@code natOutgoing} ends its table with a throw
   * default instead of an unreachable one, so what no network route matches goes on to the main
   * table and out of the underlay (masqueraded), and replies to that traffic, marked with the
   * network's table by the firewall, are looked up in the network's table.
   */
  public static DesiredState from(HostConfig host, Collection<HostStateSlice> slices, boolean egress) {
    Map<String, NetworkOnHost> networks = new TreeMap<>();
    List<LocalEndpoint> endpoints = new ArrayList<>();
    List<Peer> peers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (HostStateSlice s : slices) {
      List<String> wrong = s == null ? List.of("no slice") : SliceCheck.problems(s);
      if (!wrong.isEmpty()) {
        // One bad record costs its own objects, never the rest of the host (nor the loop).
        problems.add(describe(s) + " refused: " + String.join("; ", wrong));
        continue;
      }
      if (!host.hostId().equals(s.getHostId())) {
        problems.add("slice for host " + s.getHostId() + " ignored by " + host.hostId());
      } else if (s.getSlice() instanceof NetworkOnHost n) {
        if (programmable(host, n)) {
          networks.put(n.getNetworkId(), n);
        } else {
          // Fail closed: plain VXLAN for an encrypted network would leak its traffic onto the
          // underlay, so nothing of it is programmed and no container is attached to it.
          problems.add("network " + n.getNetworkId() + " requires " + n.getEncryption()
              + ", refused: " + host.ipsecRefusal());
        }
      } else if (s.getSlice() instanceof LocalEndpoint e) {
        endpoints.add(e);
      } else if (s.getSlice() instanceof Peer p) {
        peers.add(p);
      }
    }
    endpoints.sort(Comparator.comparing(LocalEndpoint::getContainerId));
    peers.sort(Comparator.comparing(Peer::getNetworkId).thenComparing(Peer::getHostId));

    Map<Namespace, List<KernelObject>> out = new LinkedHashMap<>();
    List<KernelObject> hostNs = out.computeIfAbsent(Namespace.HOST, k -> new ArrayList<>());
    if (networks.values().stream().anyMatch(DesiredState::encrypted)) {
      hostNs.add(Route.unreachable(Route.MAIN_TABLE, TunnelAddress.POOL, Owned.ROUTE_PROTOCOL));
    }
    if (!networks.isEmpty()) {
      // Forwarding between veths and VXLAN devices is the whole data path; also enables proxy ARP.
      hostNs.add(new Sysctl("net.ipv4.ip_forward", "1"));
      // ICMP errors (TTL exceeded, for traceroute) leave from the address of the device the
      // packet came in on: a host a packet reaches over VXLAN answers from its tunnel address,
      // which the "from tunnel address" rule routes back through the overlay. Otherwise the
      // kernel picks no source, finds no route to the container in the main table, and the hop
      // shows as "*". The walkthrough's traceroute shows the remote agent's address just so.
      hostNs.add(new Sysctl("net.ipv4.icmp_errors_use_inbound_ifaddr", "1"));
      hostNs.add(Rule.from(Owned.RULE_PRIORITY, SERVICE_ADDRESS, SERVICE_TABLE));
      if (egress) {
        // Replies of connections DNATed to a published port, marked by the firewall when their
        // network has no natOutgoing (its table ends unreachable), go where the host routes the
        // client: the main table. Only conntrack's reply direction of a DNAT carries this mark,
        // so a container opens nothing new this way.
        hostNs.add(Rule.marked(Family.INET, Owned.REPLY_RULE_PRIORITY, FirewallPlan.REPLY_MARK, Route.MAIN_TABLE));
      }
    }
    for (Map.Entry<String, NetworkOnHost> n : new ArrayList<>(networks.entrySet())) {
      boolean natOut = egress && n.getValue().getNatOutgoing();
      if (!guarded(problems, "network " + n.getKey(), () -> {
        List<KernelObject> mine = new ArrayList<>();
        network(host, n.getValue(), mine, egress, natOut);
        hostNs.addAll(mine);
      })) {
        networks.remove(n.getKey()); // nor its endpoints and peers
      }
    }
    for (LocalEndpoint e : endpoints) {
      NetworkOnHost n = networks.get(e.getNetworkId());
      if (n == null) {
        problems.add("endpoint " + e.getContainerId() + " is in network " + e.getNetworkId()
            + " that is not programmed on " + host.hostId());
        continue;
      }
      guarded(problems, "endpoint " + e.getContainerId(), () -> {
        Namespace ns = Namespace.of(e.getNetns());
        List<KernelObject> mine = new ArrayList<>();
        List<KernelObject> inContainer = new ArrayList<>();
        endpoint(e, n, mine, inContainer, egress && n.getNatOutgoing());
        hostNs.addAll(mine);
        out.computeIfAbsent(ns, k -> new ArrayList<>()).addAll(inContainer);
      });
    }
    for (Peer p : peers) {
      NetworkOnHost n = networks.get(p.getNetworkId());
      if (n == null) {
        problems.add("peer " + p.getHostId() + " is in network " + p.getNetworkId()
            + " that is not programmed on " + host.hostId());
        continue;
      }
      guarded(problems, "peer " + p.getHostId() + " in " + p.getNetworkId(), () -> {
        List<KernelObject> mine = new ArrayList<>();
        peer(p, n, mine);
        hostNs.addAll(mine);
      });
    }
    Map<Namespace, KernelState> states = new LinkedHashMap<>();
    out.forEach((ns, objects) -> {
      KernelState st = new KernelState(objects);
      if (st.size() != objects.size()) {
        problems.add(objects.size() - st.size() + " conflicting object(s) in " + ns + " dropped (same key twice)");
      }
      states.put(ns, st);
    });
    return new DesiredState(states, problems);
  }

  /** Runs one object's calculation; a failure becomes a problem of that object alone. */
  private static boolean guarded(List<String> problems, String what, Runnable calc) {
    try {
      calc.run();
      return true;
    } catch (RuntimeException ex) {
      problems.add(what + " cannot be programmed: " + ex.getMessage());
      return false;
    }
  }

  private static String describe(HostStateSlice s) {
    if (s == null) {
      return "a null slice";
    }
    Object v = s.getSlice();
    if (v instanceof LocalEndpoint e) {
      return "endpoint " + e.getContainerId();
    } else if (v instanceof Peer p) {
      return "peer " + p.getHostId() + " in " + p.getNetworkId();
    } else if (v instanceof NetworkOnHost n) {
      return "network " + n.getNetworkId();
    }
    return "slice";
  }

  /** Whether the host programs {@code n} at all: not an encrypted network on a host that cannot encrypt. */
  public static boolean programmable(HostConfig host, NetworkOnHost n) {
    return n.getEncryption() == Encryption.NONE || host.canEncrypt();
  }

  private static void network(HostConfig host, NetworkOnHost n, List<KernelObject> hostNs, boolean firewall,
      boolean egress) {
    String vx = Owned.vxlanName(n.getVni());
    int table = n.getRoutingTable();
    // nolearning: every remote VTEP comes from the log as a static neighbour + FDB entry.
    if (encrypted(n)) {
      // No underlay device: the outer packets go to a peer's tunnel address, routed into the
      // IPsec tunnel (table 220), not out of the underlay interface.
      String local = TunnelAddress.of(host.underlayIp());
      hostNs.add(Link.vxlan(vx, mtu(n, n.getMtu()), n.getTunnelMac(), new Link.Vxlan(n.getVni(), local, 4789, false, null)));
      hostNs.add(new Address(vx, Family.prefix(local)));
    } else {
      hostNs.add(Link.vxlan(vx, n.getMtu(), n.getTunnelMac(),
          new Link.Vxlan(n.getVni(), host.underlayIp(), 4789, false, host.underlayDevice())));
    }
    hostNs.add(new Address(vx, Family.prefix(n.getTunnelIp())));
    // The agent's DNS and metadata address, local on the host: a container's packet to it
    // arrives on a veth and is delivered by the local table (rule 0) before any network table.
    // It hangs on the network's own device so it goes with the last network on the host.
    hostNs.add(new Address(vx, Family.prefix(SERVICE_ADDRESS)));
    if (egress) {
      hostNs.add(Route.throwing(table, Family.of(n.getTunnelIp()).any(), Owned.ROUTE_PROTOCOL));
    } else {
      hostNs.add(Route.unreachable(table, Family.of(n.getTunnelIp()).any(), Owned.ROUTE_PROTOCOL));
    }
    if (firewall) {
      // What the firewall marks with the network's table (egress replies, connections DNATed to
      // a published port) is looked up there; with natOutgoing off only the DNATed ones are.
      hostNs.add(Rule.marked(Family.of(n.getTunnelIp()), Owned.RULE_PRIORITY, FirewallPlan.mark(n), table));
    }
    hostNs.add(Rule.incoming(Family.of(n.getTunnelIp()), Owned.RULE_PRIORITY, vx, table));
    // The host's own packets from its tunnel address (e.g. replies to containers pinging their
    // gateway) have no incoming interface: select the table by that source address instead.
    hostNs.add(Rule.from(Owned.RULE_PRIORITY, n.getTunnelIp(), table));
  }

  private static void endpoint(LocalEndpoint e, NetworkOnHost n, List<KernelObject> hostNs,
      List<KernelObject> containerNs, boolean egress) {
    String veth = Owned.vethName(e.getContainerId());
    Namespace ns = Namespace.of(e.getNetns());
    Family family = Family.of(e.getIp());
    int table = n.getRoutingTable();
    int mtu = mtu(n, e.getMtu());
    hostNs.add(Link.veth(veth, mtu, new Link.VethPeer(ns, e.getInterfaceName(), e.getMac())));
    // Proxy ARP: the container resolves every address of its network (its connected /prefix) to
    // the host side's MAC, and the host routes by /32 or block (as in the seed's ARP table).
    hostNs.add(Sysctl.conf(family, veth, "proxy_arp", "1"));
    // Linux delays each proxy ARP answer by a random time up to proxy_delay (0.8 s by default),
    // which a container's first packet to any address would pay: answer at once.
    hostNs.add(Sysctl.neigh(family, veth, "proxy_delay", "0"));
    if (egress) {
      // The reverse-path check of a packet leaving by the underlay looks the container up as if
      // it came in there; with the packet's mark (the firewall marks egress with the network's
      // table) it finds the container's route, so strict or loose rp_filter keeps egress working.
      hostNs.add(Sysctl.conf(family, veth, "src_valid_mark", "1"));
    }
    hostNs.add(Route.direct(table, e.getIp(), veth, Owned.ROUTE_PROTOCOL));
    // The agent's answers from SERVICE_ADDRESS have no incoming interface: a rule on that source
    // selects SERVICE_TABLE, which reaches the host's local containers and nothing else. The main
    // table stays without container routes, so a container still cannot talk to the host's
    // other addresses.
    hostNs.add(Route.direct(SERVICE_TABLE, e.getIp(), veth, Owned.ROUTE_PROTOCOL));
    hostNs.add(Rule.incoming(family, Owned.RULE_PRIORITY, veth, table));

    containerNs.add(Link.vethEnd(e.getInterfaceName(), mtu, e.getMac()));
    containerNs.add(new Address(e.getInterfaceName(), e.getIp() + "/" + e.getPrefixLength()));
    // onlink: the gateway (host tunnel address) is not on the container's link, proxy ARP answers.
    containerNs.add(Route.onlinkVia(Route.MAIN_TABLE, family.any(), e.getGateway(), e.getInterfaceName(),
        Owned.ROUTE_PROTOCOL));
  }

  private static void peer(Peer p, NetworkOnHost n, List<KernelObject> hostNs) {
    String vx = Owned.vxlanName(n.getVni());
    int table = n.getRoutingTable();
    // Neighbour and FDB first in the list (and in the driver's phase order): a route via the
    // peer's tunnel address is only usable once its MAC and VTEP are known, else the first
    // packets trigger ARP on a nolearning device and are dropped.
    hostNs.add(new Neighbour(vx, p.getTunnelIp(), p.getVtepMac()));
    hostNs.add(new FdbEntry(vx, p.getVtepMac(), encrypted(n) ? TunnelAddress.of(p.getUnderlayIp()) : p.getUnderlayIp()));
    for (String block : p.getBlocks()) {
      hostNs.add(Route.onlinkVia(table, block, p.getTunnelIp(), vx, Owned.ROUTE_PROTOCOL));
    }
    for (String ip : p.getBorrowed()) {
      hostNs.add(Route.onlinkVia(table, Family.prefix(ip), p.getTunnelIp(), vx, Owned.ROUTE_PROTOCOL));
    }
  }

  private static boolean encrypted(NetworkOnHost n) {
    return n.getEncryption() == Encryption.IPSEC;
  }

  private static int mtu(NetworkOnHost n, int mtu) {
    return encrypted(n) ? Math.min(mtu, IPSEC_MTU) : mtu;
  }
}
