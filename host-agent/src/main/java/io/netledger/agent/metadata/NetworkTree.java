package io.netledger.agent.metadata;

import io.netledger.avro.Allocation;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata of one network as rancher-metadata named it: {@code containers}, {@code services},
 * {@code stacks} and {@code hosts}, built once per view and network (see
 * {@link MetadataView#tree}) and shared by every container of that network that asks. Only the
 * network's own containers and hosts are in it: a container never learns about a network it is
 * not in.
 *
 * <p>Nodes are unmodifiable maps (keys sorted), lists and scalars, rendered by {@link TreeFormat}.
 * Container fields: {@code name, uuid, primary_ip, ips, mac, primary_mac_address, service_name,
 * stack_name, labels, host_uuid, hostname, create_index} (the allocator's decision number in the
 * network: increases with every start), {@code service_index} (1-based rank by create_index among
 * the service's live containers), {@code network_uuid, state}. Services: {@code name, stack_name,
 * kind, fqdn, labels} (those all its containers share), {@code scale} (live containers),
 * {@code containers}. Stacks: {@code name, services}. Hosts: {@code name, hostname, uuid, agent_ip,
 * labels}.
 */
public final class NetworkTree {
  /** The two dated shapes: where they differ, V1 lists names and V2 objects. */
  public enum Shape {
    /** {@code 2015-07-25}: service containers and stack services as names. */
    V1,
    /** {@code 2015-12-19} and {@code latest}: as objects. */
    V2
  }

  private final String networkId;
  private final String domain;
  private final List<Object> containers;
  private final Map<String, Map<String, Object>> containerById;
  private final Map<Shape, List<Object>> services = new HashMap<>();
  private final Map<Shape, Map<String, Map<String, Object>>> serviceByKey = new HashMap<>();
  private final Map<Shape, List<Object>> stacks = new HashMap<>();
  private final Map<Shape, Map<String, Map<String, Object>>> stackByName = new HashMap<>();
  private final List<Object> hosts;
  private final Map<String, Object> self;
  private final Map<String, Made> made;
  private Map<String, List<Map<String, Object>>> serviceMembers = Map.of();
  private final Map<Shape, Map<String, List<Map<String, Object>>>> stackMembers = new HashMap<>();

  /** What a container node was made from: a later tree reuses the node when all of it is the same. */
  private record Made(Allocation allocation, String hostname, Integer rank, Map<String, Object> node) {}

  private NetworkTree(String networkId, String domain, List<Object> containers,
      Map<String, Map<String, Object>> containerById, List<Object> hosts, Map<String, Object> self,
      Map<String, Made> made) {
    this.networkId = networkId;
    this.domain = domain;
    this.containers = containers;
    this.containerById = containerById;
    this.hosts = hosts;
    this.self = self;
    this.made = made;
  }

  /** @param previous the network's tree in an earlier view, whose unchanged container nodes are reused, or null */
  static NetworkTree build(MetadataView view, String networkId, NetworkTree previous) {
    NetworkOnHost net = view.networks().get(networkId);
    String domain = net == null ? null : net.getDnsDomain();
    // Hosts: this one and its peers in the network, by host id.
    Map<String, Map<String, Object>> hostById = new TreeMap<>();
    Map<String, Object> self = host(view.hostId(), net == null ? null : net.getHostname(), view.underlayIp(),
        net == null ? Map.of() : net.getLabels());
    hostById.put(view.hostId(), self);
    for (Peer p : view.peers.subMap(networkId + "/", networkId + "/\uffff").values()) {
      hostById.put(p.getHostId(), host(p.getHostId(), p.getHostname(), p.getUnderlayIp(), p.getLabels()));
    }
    // Containers, in creation order.
    List<Allocation> live = new ArrayList<>(view.containersOf(networkId).values());
    live.sort(Comparator.comparingLong(Allocation::getSequence).thenComparing(Allocation::getOwnerId));
    Map<String, Integer> rankInService = new HashMap<>();
    Map<String, Map<String, Object>> containerById = new LinkedHashMap<>();
    Map<String, List<Map<String, Object>>> byService = new TreeMap<>();
    List<Object> containers = new ArrayList<>();
    Map<String, Made> made = new HashMap<>();
    for (Allocation a : live) {
      String hostname = hostname(hostById.get(a.getHostId()), a.getHostId());
      String serviceKey = serviceKey(a.getStack(), a.getService());
      Integer rank = serviceKey == null ? null : rankInService.merge(serviceKey, 1, Integer::sum);
      Made before = previous == null ? null : previous.made.get(a.getOwnerId());
      Map<String, Object> c = before != null && before.allocation() == a && before.hostname().equals(hostname)
          && java.util.Objects.equals(before.rank(), rank) ? before.node() : container(a, hostname, rank);
      made.put(a.getOwnerId(), new Made(a, hostname, rank, c));
      containerById.put(a.getOwnerId(), c);
      containers.add(c);
      if (serviceKey != null) {
        byService.computeIfAbsent(serviceKey, k -> new ArrayList<>()).add(c);
      }
    }
    NetworkTree tree = new NetworkTree(networkId, domain, Collections.unmodifiableList(containers),
        Collections.unmodifiableMap(containerById), List.copyOf(hostById.values()), self, made);
    boolean reuse = previous != null && java.util.Objects.equals(previous.domain, domain);
    for (Shape shape : Shape.values()) {
      tree.buildServices(shape, byService, reuse ? previous : null);
    }
    tree.serviceMembers = byService;
    return tree;
  }

  // A service (stack) node is reused when its member nodes are the very same: list equality
  // checks identity first, so unchanged services cost a comparison, not a rebuild.
  private void buildServices(Shape shape, Map<String, List<Map<String, Object>>> byService, NetworkTree previous) {
    List<Object> list = new ArrayList<>();
    Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
    Map<String, List<Map<String, Object>>> servicesOfStack = new TreeMap<>();
    byService.forEach((key, members) -> {
      if (previous != null && members.equals(previous.serviceMembers.get(key))) {
        Map<String, Object> node = previous.serviceByKey.get(shape).get(key);
        list.add(node);
        byKey.put(key, node);
        String stack = (String) node.get("stack_name");
        if (stack != null) {
          servicesOfStack.computeIfAbsent(stack, k -> new ArrayList<>()).add(node);
        }
        return;
      }
      Map<String, Object> first = members.get(0);
      String name = (String) first.get("service_name");
      String stack = (String) first.get("stack_name");
      Map<String, Object> s = new TreeMap<>();
      s.put("name", name);
      put(s, "stack_name", stack);
      s.put("kind", "service");
      if (stack != null && domain != null) {
        s.put("fqdn", name + "." + stack + "." + domain);
      }
      s.put("labels", sharedLabels(members));
      s.put("scale", members.size());
      s.put("containers", shape == Shape.V2 ? List.copyOf(members)
          : members.stream().map(m -> m.get("name")).toList());
      Map<String, Object> node = Collections.unmodifiableMap(s);
      list.add(node);
      byKey.put(key, node);
      if (stack != null) {
        servicesOfStack.computeIfAbsent(stack, k -> new ArrayList<>()).add(node);
      }
    });
    services.put(shape, Collections.unmodifiableList(list));
    serviceByKey.put(shape, byKey);
    List<Object> stackList = new ArrayList<>();
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    servicesOfStack.forEach((stack, members) -> {
      if (previous != null && members.equals(previous.stackMembers.get(shape).get(stack))) {
        Map<String, Object> node = previous.stackByName.get(shape).get(stack);
        stackList.add(node);
        byName.put(stack, node);
        return;
      }
      Map<String, Object> st = new TreeMap<>();
      st.put("name", stack);
      st.put("services", shape == Shape.V2 ? List.copyOf(members) : members.stream().map(m -> m.get("name")).toList());
      Map<String, Object> node = Collections.unmodifiableMap(st);
      stackList.add(node);
      byName.put(stack, node);
    });
    stacks.put(shape, Collections.unmodifiableList(stackList));
    stackByName.put(shape, byName);
    stackMembers.put(shape, servicesOfStack);
  }

  /**
   * The whole tree as {@code asker} sees it: the network's containers, services, stacks and hosts,
   * {@code self} (its container, service, stack and host) and {@code version}.
   *
   * @param legacyHost extra fields of {@code self/host} (what this API answered before)
   * @param legacyContainer extra fields of {@code self/container}
   */
  public Map<String, Object> root(Shape shape, LocalEndpoint asker, long version, Map<String, Object> legacyContainer,
      Map<String, Object> legacyHost) {
    Map<String, Object> me = new TreeMap<>(legacyContainer);
    Map<String, Object> known = containerById.get(asker.getContainerId());
    if (known != null) {
      me.putAll(known);
    } else {
      // Its endpoint was read before its allocation: what the endpoint says.
      me.putAll(container(asker, hostname(self, asker.getContainerId())));
    }
    Map<String, Object> selfNode = new TreeMap<>();
    selfNode.put("container", Collections.unmodifiableMap(me));
    Map<String, Object> host = new TreeMap<>(legacyHost);
    host.putAll(self);
    selfNode.put("host", Collections.unmodifiableMap(host));
    String key = serviceKey(asker.getStack(), asker.getService());
    if (key != null && serviceByKey.get(shape).containsKey(key)) {
      selfNode.put("service", serviceByKey.get(shape).get(key));
    }
    if (asker.getStack() != null && stackByName.get(shape).containsKey(asker.getStack())) {
      selfNode.put("stack", stackByName.get(shape).get(asker.getStack()));
    }
    Map<String, Object> root = new TreeMap<>();
    root.put("containers", containers);
    root.put("services", services.get(shape));
    root.put("stacks", stacks.get(shape));
    root.put("hosts", hosts);
    root.put("self", Collections.unmodifiableMap(selfNode));
    root.put("version", Long.toString(version));
    return Collections.unmodifiableMap(root);
  }

  public String networkId() {
    return networkId;
  }

  /** Containers of the network on every host, in creation order. */
  public List<Object> containers() {
    return containers;
  }

  public List<Object> services(Shape shape) {
    return services.get(shape);
  }

  public List<Object> stacks(Shape shape) {
    return stacks.get(shape);
  }

  public List<Object> hosts() {
    return hosts;
  }

  private static Map<String, Object> container(Allocation a, String hostname, Integer serviceIndex) {
    Map<String, Object> c = new TreeMap<>();
    c.put("name", a.getName() != null ? a.getName() : a.getOwnerId());
    c.put("uuid", a.getOwnerId());
    c.put("primary_ip", a.getIp());
    c.put("ips", List.of(a.getIp()));
    put(c, "mac", a.getMac());
    put(c, "primary_mac_address", a.getMac());
    put(c, "service_name", a.getService());
    put(c, "stack_name", a.getStack());
    c.put("labels", Collections.unmodifiableMap(new TreeMap<>(a.getLabels())));
    c.put("host_uuid", a.getHostId());
    c.put("hostname", hostname);
    c.put("create_index", a.getSequence());
    if (serviceIndex != null) {
      c.put("service_index", Integer.toString(serviceIndex));
    }
    c.put("network_uuid", a.getNetworkId());
    c.put("state", "running");
    return Collections.unmodifiableMap(c);
  }

  private static Map<String, Object> container(LocalEndpoint e, String hostname) {
    Map<String, Object> c = new TreeMap<>();
    c.put("name", e.getName());
    c.put("uuid", e.getContainerId());
    c.put("primary_ip", e.getIp());
    c.put("ips", List.of(e.getIp()));
    c.put("mac", e.getMac());
    c.put("primary_mac_address", e.getMac());
    put(c, "service_name", e.getService());
    put(c, "stack_name", e.getStack());
    c.put("labels", Map.of());
    c.put("hostname", hostname);
    c.put("network_uuid", e.getNetworkId());
    c.put("state", "running");
    return c;
  }

  private static Map<String, Object> host(String hostId, String hostname, String agentIp, Map<String, String> labels) {
    Map<String, Object> h = new TreeMap<>();
    String name = hostname != null && !hostname.isEmpty() ? hostname : hostId;
    h.put("name", name);
    h.put("hostname", name);
    h.put("uuid", hostId);
    h.put("agent_ip", agentIp);
    h.put("labels", Collections.unmodifiableMap(new TreeMap<>(labels)));
    return Collections.unmodifiableMap(h);
  }

  private static String hostname(Map<String, Object> host, String fallback) {
    return host == null ? fallback : (String) host.get("name");
  }

  private static String serviceKey(String stack, String service) {
    return service == null ? null : (stack == null ? "" : stack) + "/" + service;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sharedLabels(List<Map<String, Object>> members) {
    Map<String, Object> shared = new TreeMap<>((Map<String, Object>) members.get(0).get("labels"));
    for (Map<String, Object> m : members) {
      Map<String, Object> labels = (Map<String, Object>) m.get("labels");
      shared.entrySet().removeIf(e -> !e.getValue().equals(labels.get(e.getKey())));
    }
    return Collections.unmodifiableMap(shared);
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
