package io.netledger.agent.kernel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the JSON of {@code ip -json} / {@code bridge -json} (iproute2 6.x, with {@code -N} for
 * numeric tables, protocols, scopes and types) into kernel objects. Parsing uses Vert.x's
 * Jackson-backed JSON (already on the classpath); the mapping to objects is ours.
 */
final class IpJson {
  private static final Map<String, Integer> PROTOCOL_NAMES = Map.of("kernel", 2, "boot", 3, "static", 4);
  private static final String RTN_UNREACHABLE = "7";
  private static final String RTN_THROW = "9";
  private static final String RT_SCOPE_LINK = "253";

  private IpJson() {}

  static JsonArray array(String json) {
    String t = json.strip();
    return t.isEmpty() ? new JsonArray() : new JsonArray(t);
  }

  /** {@code ip -d -json link show}. */
  static List<Link> links(String json) {
    List<Link> out = new ArrayList<>();
    for (JsonObject l : objects(json)) {
      JsonObject info = l.getJsonObject("linkinfo", new JsonObject());
      String kind = info.getString("info_kind", "");
      Link.Vxlan vxlan = null;
      if ("vxlan".equals(kind)) {
        JsonObject d = info.getJsonObject("info_data", new JsonObject());
        vxlan = new Link.Vxlan(d.getInteger("id", -1), d.getString("local"), d.getInteger("port", 0),
            d.getBoolean("learning", true), d.getString("link"));
      }
      Link.Kind k = switch (kind) {
        case "veth" -> Link.Kind.VETH;
        case "vxlan" -> Link.Kind.VXLAN;
        default -> Link.Kind.OTHER;
      };
      boolean up = l.getJsonArray("flags", new JsonArray()).contains("UP");
      out.add(new Link(l.getString("ifname"), k, l.getInteger("mtu", 0), l.getString("address"), up, null, vxlan));
    }
    return out;
  }

  /** {@code ip -json address show}: global-scope addresses only (link-local ones are the kernel's own). */
  static List<Address> addresses(String json) {
    List<Address> out = new ArrayList<>();
    for (JsonObject l : objects(json)) {
      for (Object o : l.getJsonArray("addr_info", new JsonArray())) {
        JsonObject a = (JsonObject) o;
        if ("global".equals(a.getString("scope")) && a.containsKey("local")) {
          out.add(new Address(l.getString("ifname"), a.getString("local") + "/" + a.getInteger("prefixlen")));
        }
      }
    }
    return out;
  }

  /** {@code ip -N -json -4|-6 route show table all}. */
  static List<Route> routes(String json, Family family) {
    List<Route> out = new ArrayList<>();
    for (JsonObject r : objects(json)) {
      String dst = r.getString("dst", "default");
      String type = r.getString("type");
      Route.Type t = type == null || "1".equals(type) ? Route.Type.UNICAST
          : RTN_UNREACHABLE.equals(type) ? Route.Type.UNREACHABLE
          : RTN_THROW.equals(type) ? Route.Type.THROW : Route.Type.OTHER;
      String scope = r.getString("scope");
      Route.Scope s = scope == null || "0".equals(scope) ? Route.Scope.UNIVERSE
          : RT_SCOPE_LINK.equals(scope) ? Route.Scope.LINK : Route.Scope.OTHER;
      boolean onlink = r.getJsonArray("flags", new JsonArray()).contains("onlink");
      out.add(new Route(number(r.getValue("table"), Route.MAIN_TABLE),
          "default".equals(dst) ? family.any() : Family.prefix(dst), t, r.getString("gateway"),
          r.getString("dev"), onlink, s, protocol(r.getValue("protocol"))));
    }
    return out;
  }

  /** {@code ip -json neigh show nud permanent}. */
  static List<Neighbour> neighbours(String json) {
    List<Neighbour> out = new ArrayList<>();
    for (JsonObject n : objects(json)) {
      if (n.containsKey("lladdr") && n.containsKey("dev")) {
        out.add(new Neighbour(n.getString("dev"), n.getString("dst"), n.getString("lladdr")));
      }
    }
    return out;
  }

  /** {@code bridge -json fdb show}: entries with an underlay destination (VXLAN), others are not modelled. */
  static List<FdbEntry> fdb(String json) {
    List<FdbEntry> out = new ArrayList<>();
    for (JsonObject f : objects(json)) {
      if (f.containsKey("dst") && f.containsKey("ifname")) {
        out.add(new FdbEntry(f.getString("ifname"), f.getString("mac"), f.getString("dst")));
      }
    }
    return out;
  }

  /** {@code ip -N -json -4|-6 rule show}. */
  static List<Rule> rules(String json, Family family) {
    List<Rule> out = new ArrayList<>();
    for (JsonObject r : objects(json)) {
      String src = r.getString("src", "all");
      String from = "all".equals(src) ? null : src + "/" + r.getInteger("srclen", family.hostLength());
      String mark = r.getString("fwmark");
      out.add(new Rule(family, r.getInteger("priority", 0), from, r.getString("iif"),
          mark == null ? 0 : Integer.decode(mark), number(r.getValue("table"), -1)));
    }
    return out;
  }

  /** Lines {@code path:value} of {@code grep -H . <files>} run in /proc/sys. */
  static List<Sysctl> sysctls(String grepOutput) {
    List<Sysctl> out = new ArrayList<>();
    for (String line : grepOutput.split("\n")) {
      int colon = line.lastIndexOf(':');
      if (colon > 0) {
        String path = line.substring(0, colon);
        if (path.startsWith("/proc/sys/")) {
          path = path.substring("/proc/sys/".length());
        }
        out.add(new Sysctl(path.replace('/', '.'), line.substring(colon + 1).strip()));
      }
    }
    return out;
  }

  private static List<JsonObject> objects(String json) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : array(json)) {
      if (o instanceof JsonObject j) {
        out.add(j);
      }
    }
    return out;
  }

  private static int protocol(Object value) {
    if (value == null) {
      return 0;
    }
    Integer named = PROTOCOL_NAMES.get(value.toString());
    return named != null ? named : number(value, -1);
  }

  private static int number(Object value, int absent) {
    if (value == null) {
      return absent;
    }
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(value.toString());
    } catch (NumberFormatException e) {
      return switch (value.toString()) {
        case "main" -> Route.MAIN_TABLE;
        case "local" -> 255;
        case "default" -> 253;
        default -> absent;
      };
    }
  }
}
