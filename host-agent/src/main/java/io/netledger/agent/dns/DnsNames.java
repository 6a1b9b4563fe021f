package io.netledger.agent.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Spelling rules for names in the view: lower case, no trailing dot, so lookups are plain equality. */
public final class DnsNames {
  private DnsNames() {}

  /** Lower-cases and strips one trailing dot; rejects empty names. */
  public static String normalize(String name) {
    if (name == null || name.isEmpty() || name.equals(".")) {
      throw new IllegalArgumentException("empty DNS name");
    }
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }

  /** True when {@code name} is {@code domain} itself or a name below it. */
  public static boolean isWithin(String name, String domain) {
    return name.equals(domain) || name.endsWith("." + domain);
  }

  /** The proper ancestors of a name, nearest first: {@code a.b.c} gives {@code b.c}, {@code c}. */
  static List<String> ancestors(String name) {
    List<String> out = new ArrayList<>();
    int dot = name.indexOf('.');
    while (dot >= 0) {
      out.add(name.substring(dot + 1));
      dot = name.indexOf('.', dot + 1);
    }
    return out;
  }
}
