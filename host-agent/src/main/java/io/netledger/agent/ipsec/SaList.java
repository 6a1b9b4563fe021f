package io.netledger.agent.ipsec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure: the IKE and CHILD SAs of a charon, parsed from {@code swanctl --list-sas --raw} (one
 * {@code list-sa event {...}} line per IKE SA, a textual dump of the VICI message).
 */
public final class SaList {
  /** One IKE SA with its CHILD SAs. */
  public record IkeSa(String name, String state, String remoteHost, List<ChildSa> children) {
    /** ESTABLISHED with an INSTALLED child of the same name: traffic can flow. */
    public boolean up() {
      return "ESTABLISHED".equals(state) && children.stream().anyMatch(c -> c.name().equals(name) && c.installed());
    }
  }

  /** One CHILD SA and its traffic counters. */
  public record ChildSa(String name, String state, long bytesIn, long packetsIn, long bytesOut, long packetsOut) {
    public boolean installed() {
      return "INSTALLED".equals(state);
    }
  }

  private static final Pattern EVENT = Pattern.compile("^list-sa event \\{(\\S+) \\{(.*)$");
  private static final Pattern CHILD = Pattern.compile(
      "\\{name=(\\S+) [^{}]*?state=(\\S+)[^{}]*?bytes-in=(\\d+) packets-in=(\\d+)[^{}]*?bytes-out=(\\d+) packets-out=(\\d+)");
  private static final Pattern STATE = Pattern.compile("(?:^| )state=(\\S+)");
  private static final Pattern REMOTE = Pattern.compile("(?:^| )remote-host=(\\S+)");

  private SaList() {}

  /** IKE SAs by connection name; when a connection has several (during a rekey), the one that is up wins. */
  public static Map<String, IkeSa> parse(String raw) {
    Map<String, IkeSa> out = new LinkedHashMap<>();
    for (String line : raw.split("\n")) {
      Matcher m = EVENT.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      String body = m.group(2);
      int childStart = body.indexOf("child-sas {");
      String ike = childStart < 0 ? body : body.substring(0, childStart);
      List<ChildSa> children = new ArrayList<>();
      if (childStart >= 0) {
        Matcher c = CHILD.matcher(body.substring(childStart));
        while (c.find()) {
          children.add(new ChildSa(c.group(1), c.group(2), Long.parseLong(c.group(3)), Long.parseLong(c.group(4)),
              Long.parseLong(c.group(5)), Long.parseLong(c.group(6))));
        }
      }
      IkeSa sa = new IkeSa(m.group(1), find(STATE, ike), find(REMOTE, ike), children);
      IkeSa before = out.get(sa.name());
      if (before == null || !before.up()) {
        out.put(sa.name(), sa);
      }
    }
    return out;
  }

  private static String find(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : "";
  }
}
