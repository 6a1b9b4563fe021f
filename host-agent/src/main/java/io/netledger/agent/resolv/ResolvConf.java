package io.netledger.agent.resolv;

import io.netledger.agent.dns.DnsView;
import io.netledger.avro.LocalEndpoint;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The resolv.conf each local container should see, pure: the view in, {@code netns name -> file
 * content} out.
 *
 * <pre>
 * # written by netledger for host h2
 * nameserver 169.254.169.250
 * search rocket-chat.rancher.internal rancher.internal
 * </pre>
 *
 * <p>No {@code options ndots}: the default (1) already sends {@code hubot} through the search list
 * first, and a larger value (Kubernetes uses 5) multiplies the queries every external name costs.
 */
public final class ResolvConf {
  /** Start of the first line of every file we write; we never replace a file that lacks it. */
  public static final String MARKER = "# written by netledger";

  /**
   * The whole first line: the marker and the host. Several agents can share one /etc/netns (the
   * local test world runs every host as a namespace of one machine), so an agent only removes
   * the files its own host wrote.
   */
  public static String firstLine(String hostId) {
    return MARKER + " for host " + hostId;
  }

  // ip netns names are file names under /run/netns: refuse anything that could escape /etc/netns.
  private static final Pattern NETNS_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
  // What may stand on the search line: RFC 1123 labels and names, never a space or newline.
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern NAME = Pattern.compile("(?=.{1,253}$)" + LABEL.pattern() + "(\\." + LABEL.pattern() + ")*");

  private ResolvConf() {}

  /** The file content for one container of a network whose domain is {@code domain}. */
  public static String render(String hostId, String nameserver, Optional<String> stack, String domain) {
    String search = stack.filter(s -> !s.isEmpty()).map(s -> s + "." + domain + " " + domain).orElse(domain);
    return firstLine(hostId) + "\nnameserver " + nameserver + "\nsearch " + search + "\n";
  }

  /**
   * Every local container's file, by the name {@code ip netns} knows its namespace under.
   * Containers whose namespace is not a named one (e.g. {@code /proc/<pid>/ns/net}) or whose
   * network's domain is not yet known (or whose stack or domain is not a DNS name) are left out: {@code ip netns exec} could not show them a file.
   */
  public static Map<String, String> desired(DnsView view, String nameserver) {
    Map<String, String> out = new TreeMap<>();
    for (LocalEndpoint e : view.endpoints().values()) {
      Optional<String> name = netnsName(e.getNetns());
      Optional<String> domain = view.domainsOf(e.getNetworkId()).stream().findFirst();
      // Defence in depth: a stack or domain that is not a DNS name never reaches the file.
      boolean safe = domain.isPresent() && NAME.matcher(domain.get()).matches()
          && (e.getStack() == null || e.getStack().isEmpty() || LABEL.matcher(e.getStack()).matches());
      if (name.isPresent() && safe) {
        out.put(name.get(), render(view.hostId(), nameserver, Optional.ofNullable(e.getStack()), domain.get()));
      }
    }
    return out;
  }

  /** The {@code ip netns} name of a namespace given as a name or a path under /run/netns. */
  public static Optional<String> netnsName(String netns) {
    String name = netns;
    for (String dir : new String[] {"/run/netns/", "/var/run/netns/"}) {
      if (netns.startsWith(dir)) {
        name = netns.substring(dir.length());
      }
    }
    if (!NETNS_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      return Optional.empty();
    }
    return Optional.of(name);
  }
}
