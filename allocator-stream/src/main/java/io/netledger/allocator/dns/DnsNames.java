package io.netledger.allocator.dns;

import java.util.Collection;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The names a container answers to in its network, as rancher-dns gives them:
 * {@code <name>.<domain>}, {@code <service>.<stack>.<domain>} and, per alias,
 * {@code <alias>.<stack>.<domain>} (or {@code <alias>.<domain>} without a stack). A service
 * without a stack is {@code <service>.<domain>}. Lower case (DNS is case-insensitive and the
 * records are keyed by name), no trailing dot.
 */
public final class DnsNames {
  private DnsNames() {}

  public static SortedSet<String> of(String name, String service, String stack, Collection<String> aliases,
      String domain) {
    String d = trim(domain);
    SortedSet<String> names = new TreeSet<>();
    if (name != null && !name.isBlank()) {
      names.add(join(name, null, d));
    }
    if (service != null && !service.isBlank()) {
      names.add(join(service, stack, d));
    }
    for (String alias : aliases) {
      if (alias != null && !alias.isBlank()) {
        names.add(join(alias, stack, d));
      }
    }
    return names;
  }

  private static String join(String label, String stack, String domain) {
    StringBuilder sb = new StringBuilder(trim(label));
    if (stack != null && !stack.isBlank()) {
      sb.append('.').append(trim(stack));
    }
    if (!domain.isEmpty()) {
      sb.append('.').append(domain);
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static String trim(String s) {
    String t = s == null ? "" : s.strip();
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
