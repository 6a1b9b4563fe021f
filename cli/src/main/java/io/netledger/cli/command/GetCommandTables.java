package io.netledger.cli.command;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How {@code netledger get} prints the query API's answers as plain-text tables. */
final class GetCommandTables {
  private GetCommandTables() {}

  /** One record as FIELD VALUE rows (nested objects flattened as a.b). */
  static void record(JsonObject o, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    flatten("", o, rows);
    print(out, new String[] {"FIELD", "VALUE"}, rows);
  }

  static void holder(JsonObject o, PrintWriter out) {
    out.println(o.getString("ip") + " in " + o.getString("networkId") + " is held by " + o.getString("holder"));
    record(o.getJsonObject("allocation"), out);
  }

  static void dns(JsonObject o, PrintWriter out) {
    print(out, new String[] {"FQDN", "TTL", "ADDRESSES"}, List.<String[]>of(new String[] {o.getString("fqdn"),
        String.valueOf(o.getValue("ttlSeconds")), join(o.getJsonArray("addresses"))}));
  }

  static void usage(JsonObject o, PrintWriter out) {
    out.printf("network %s  %s  blocks /%s%n", o.getString("networkId"), o.getString("cidr"),
        o.getValue("blockPrefixLength"));
    out.printf("usable %s  held %s  quarantined %s  free %s  utilization %.2f%%%n", o.getValue("usable"),
        o.getValue("held"), o.getValue("quarantined"), o.getValue("free"), 100 * o.getDouble("utilization"));
    List<String[]> rows = new ArrayList<>();
    for (Object h : o.getJsonArray("hosts")) {
      JsonObject j = (JsonObject) h;
      rows.add(new String[] {j.getString("hostId"), String.valueOf(j.getValue("hostAddress")),
          String.valueOf(j.getValue("containers")), String.valueOf(j.getValue("borrowed")), join(j.getJsonArray("blocks"))});
    }
    print(out, new String[] {"HOST", "HOST-ADDRESS", "CONTAINERS", "BORROWED", "BLOCKS"}, rows);
  }

  static void peers(JsonObject o, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    for (Object p : o.getJsonArray("peers")) {
      JsonObject j = (JsonObject) p;
      rows.add(new String[] {j.getString("networkId"), j.getString("hostId"), j.getString("underlayIp"),
          j.getString("tunnelIp"), j.getString("vtepMac"), join(j.getJsonArray("blocks")),
          join(j.getJsonArray("borrowed"))});
    }
    print(out, new String[] {"NETWORK", "PEER", "UNDERLAY", "TUNNEL", "VTEP-MAC", "BLOCKS", "BORROWED"}, rows);
  }

  static void state(JsonObject o, PrintWriter out) {
    out.println("host " + o.getString("hostId") + "  generation " + o.getValue("generation"));
    List<String[]> rows = new ArrayList<>();
    for (Map.Entry<String, Object> e : o.getJsonObject("slices")) {
      JsonObject s = (JsonObject) e.getValue();
      rows.add(new String[] {e.getKey(), s.getString("type"), summary(s)});
    }
    print(out, new String[] {"KEY", "TYPE", "SUMMARY"}, rows);
  }

  private static String summary(JsonObject s) {
    StringBuilder b = new StringBuilder();
    for (String f : List.of("networkId", "containerId", "hostId", "ip", "address", "tunnelIp", "underlayIp", "vni")) {
      if (s.containsKey(f) && s.getValue(f) != null && !"type".equals(f)) {
        b.append(b.isEmpty() ? "" : " ").append(f).append('=').append(s.getValue(f));
      }
    }
    return b.toString();
  }

  private static void flatten(String prefix, JsonObject o, List<String[]> rows) {
    for (Map.Entry<String, Object> e : o) {
      if (e.getValue() instanceof JsonObject j) {
        flatten(prefix + e.getKey() + ".", j, rows);
      } else {
        rows.add(new String[] {prefix + e.getKey(), e.getValue() instanceof JsonArray a ? join(a)
            : String.valueOf(e.getValue())});
      }
    }
  }

  private static String join(JsonArray a) {
    if (a == null || a.isEmpty()) {
      return "-";
    }
    List<String> s = new ArrayList<>();
    a.forEach(x -> s.add(String.valueOf(x)));
    return String.join(",", s);
  }

  static void print(PrintWriter out, String[] header, List<String[]> rows) {
    int[] w = new int[header.length];
    List<String[]> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i] == null ? 4 : r[i].length());
      }
    }
    for (String[] r : all) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = r[i] == null ? "null" : r[i];
        b.append(i == r.length - 1 ? cell : String.format("%-" + (w[i] + 2) + "s", cell));
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
