package io.netledger.agent.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link Kernel} on the iproute2 tools: reads with {@code ip -json} / {@code bridge -json},
 * applies with one {@code ip -batch} (or {@code bridge -batch}, {@code sysctl -w}) process per run
 * of consecutive changes, with {@code -force} so one failing line does not stop the others, and
 * maps {@code Command failed -:N} back to the change of line N.
 *
 * <p>Namespaces: {@link Namespace#HOST} is the namespace given at construction (the agent's own,
 * or a named one for tests and for agents run beside their host namespace); a named namespace is
 * reached with {@code ip -n}, a path with {@code nsenter --net=PATH}. Why iproute2 rather than
 * netlink from Java: no maintained Java netlink library exists, and {@code ip -batch} programs
 * thousands of objects per second (see the benchmark), enough for O(peers) state.
 */
public final class Iproute2Kernel implements Kernel {
  private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");
  private static final long TIMEOUT_SECONDS = 120;
  private static final String SEPARATOR = "@@netledger@@";
  /** One query of a read: the kind it returns, its shell command, its parser. */
  private record Query(Class<? extends KernelObject> type, String shell, Function<String, List<? extends KernelObject>> parse) {}

  /**
   * What a full read runs, in this order. {@code -N}: numeric tables, protocols, scopes and
   * types. IPv6 queries answer "[]" on a kernel without IPv6; grep exits 1 when a glob matches
   * nothing.
   */
  private static final List<Query> READ_QUERIES = List.of(
      new Query(Link.class, "ip -d -json link show", IpJson::links),
      new Query(Address.class, "ip -json address show", IpJson::addresses),
      new Query(Route.class, "ip -4 -N -json route show table all", j -> IpJson.routes(j, Family.INET)),
      new Query(Rule.class, "ip -4 -N -json rule show", j -> IpJson.rules(j, Family.INET)),
      new Query(Route.class, "{ ip -6 -N -json route show table all 2>/dev/null || echo '[]'; }",
          j -> IpJson.routes(j, Family.INET6)),
      new Query(Rule.class, "{ ip -6 -N -json rule show 2>/dev/null || echo '[]'; }", j -> IpJson.rules(j, Family.INET6)),
      new Query(Neighbour.class, "ip -json neigh show nud permanent", IpJson::neighbours),
      new Query(FdbEntry.class, "bridge -json fdb show", IpJson::fdb),
      new Query(Sysctl.class, "{ grep -H . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/icmp_errors_use_inbound_ifaddr"
          + " /proc/sys/net/ipv4/conf/*/proxy_arp"
          + " /proc/sys/net/ipv4/neigh/*/proxy_delay 2>/dev/null || true; }", IpJson::sysctls));
  private static final Set<Class<? extends KernelObject>> ALL_TYPES =
      READ_QUERIES.stream().<Class<? extends KernelObject>>map(Query::type).collect(Collectors.toUnmodifiableSet());

  private final Namespace host;

  private Iproute2Kernel(Namespace host) {
    this.host = host;
  }

  /** The agent programs the namespace it runs in. */
  public static Iproute2Kernel inCurrentNamespace() {
    return new Iproute2Kernel(Namespace.HOST);
  }

  /** The agent programs the named namespace (under /run/netns) as its host namespace. */
  public static Iproute2Kernel forHostNamespace(String name) {
    return new Iproute2Kernel(Namespace.of(name));
  }

  @Override
  public KernelState read(Namespace ns) {
    return read(ns, ALL_TYPES);
  }

  @Override
  public KernelState read(Namespace ns, Set<Class<? extends KernelObject>> types) {
    // One shell in the namespace runs every query: entering a namespace and spawning from the
    // JVM cost more than the queries themselves (Iproute2Bench: a small namespace read in about
    // half the time of nine separate processes). Each query costs ~1.5 ms more, so a read of a
    // few kinds runs only theirs.
    List<Query> queries = READ_QUERIES.stream().filter(q -> types.contains(q.type())).toList();
    if (queries.isEmpty()) {
      return KernelState.EMPTY;
    }
    String script = "set -e; " + queries.stream().map(Query::shell).collect(Collectors.joining("; echo " + SEPARATOR + "; "));
    Exec.Output out = Exec.run(command(target(ns), "sh", "-c", script), null, TIMEOUT_SECONDS);
    String[] parts = out.stdout().split("(?m)^" + SEPARATOR + "$", -1);
    if (out.exitCode() != 0 || parts.length != queries.size()) {
      throw new KernelException("cannot read namespace " + ns + ": " + out.stderr().strip());
    }
    List<KernelObject> all = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      all.addAll(queries.get(i).parse().apply(parts[i]));
    }
    return new KernelState(all);
  }

  @Override
  public List<Result> apply(Namespace ns, List<Change> changes) {
    String hostRef = host.isHost() ? Long.toString(ProcessHandle.current().pid()) : host.ref();
    List<Integer> owner = new ArrayList<>();
    List<IpCommands.Step> steps = new ArrayList<>();
    Result[] results = new Result[changes.size()];
    for (int i = 0; i < changes.size(); i++) {
      Namespace alias = hostAlias(ns, changes.get(i));
      if (alias != null) {
        results[i] = new Result(changes.get(i), Result.Status.FAILED, Namespace.hostAliasRefusal(alias));
        continue;
      }
      for (IpCommands.Step s : IpCommands.render(ns, changes.get(i), hostRef)) {
        steps.add(s);
        owner.add(i);
      }
    }
    int from = 0;
    while (from < steps.size()) {
      int to = from + 1;
      while (to < steps.size() && steps.get(to).where().equals(steps.get(from).where())
          && steps.get(to).tool() == steps.get(from).tool()) {
        to++;
      }
      String[] errors = run(steps.subList(from, to));
      for (int k = from; k < to; k++) {
        int c = owner.get(k);
        if (errors[k - from] != null && results[c] == null) {
          results[c] = new Result(changes.get(c), status(errors[k - from]), errors[k - from]);
        }
      }
      from = to;
    }
    List<Result> out = new ArrayList<>(changes.size());
    for (int i = 0; i < results.length; i++) {
      out.add(results[i] != null ? results[i] : Result.ok(changes.get(i)));
    }
    return out;
  }

  /**
   * The container namespace this change would enter (its own, or a veth's far end) when that is
   * the host's namespace under another name, else null. Compared by the namespace file's inode
   * and device, as {@code ip netns identify} does; a namespace that cannot be looked at is left
   * to {@code ip} to report.
   */
  private Namespace hostAlias(Namespace ns, Change c) {
    List<Namespace> enters = new ArrayList<>(2);
    if (!ns.isHost()) {
      enters.add(ns);
    }
    if (c.object() instanceof Link l && l.peer() != null && !l.peer().namespace().isHost()) {
      enters.add(l.peer().namespace());
    }
    for (Namespace n : enters) {
      if (!n.equals(host) && sameNamespaceFile(nsFile(n), host.isHost() ? Path.of("/proc/self/ns/net") : nsFile(host))) {
        return n;
      }
    }
    return null;
  }

  private static Path nsFile(Namespace n) {
    return n.isPath() ? Path.of(n.ref()) : Path.of("/run/netns", n.ref());
  }

  private static boolean sameNamespaceFile(Path a, Path b) {
    try {
      return Files.getAttribute(a, "unix:ino").equals(Files.getAttribute(b, "unix:ino"))
          && Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Runs steps of one namespace and tool in one process; returns the error of each step or null. */
  private String[] run(List<IpCommands.Step> steps) {
    String[] errors = new String[steps.size()];
    IpCommands.Step first = steps.get(0);
    Namespace t = target(first.where());
    Exec.Output out;
    try {
      if (first.tool() == IpCommands.Tool.SYSCTL && t.isHost()) {
        return writeSysctls(steps);
      } else if (first.tool() == IpCommands.Tool.SYSCTL) {
        List<String> argv = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        steps.forEach(s -> argv.add(s.line()));
        out = Exec.run(command(t, argv.toArray(String[]::new)), null, TIMEOUT_SECONDS);
      } else {
        StringBuilder batch = new StringBuilder();
        steps.forEach(s -> batch.append(s.line()).append('\n'));
        String tool = first.tool() == IpCommands.Tool.IP ? "ip" : "bridge";
        out = Exec.run(command(t, tool, "-force", "-batch", "-"), batch.toString(), TIMEOUT_SECONDS);
      }
    } catch (KernelException e) {
      Arrays.fill(errors, e.getMessage());
      return errors;
    }
    boolean attributed = first.tool() == IpCommands.Tool.SYSCTL
        ? attributeSysctl(steps, out.stderr(), errors) : attributeBatch(out.stderr(), errors);
    if (out.exitCode() != 0 && !attributed) {
      Arrays.fill(errors, out.stderr().isBlank() ? "exit code " + out.exitCode() : out.stderr().strip());
    }
    return errors;
  }

  /**
   * Sysctls of the agent's own namespace, written straight to /proc/sys (which shows the netns of
   * the process that opens it): a new container's proxy-ARP settings then cost no process, which
   * is most of the time they took (CniLatencyBench). Other namespaces need sysctl run inside them.
   */
  private static String[] writeSysctls(List<IpCommands.Step> steps) {
    String[] errors = new String[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      String line = steps.get(i).line();
      int eq = line.indexOf('=');
      // sysctl's own rule: a name with '/' is a path whose dots are literal (e.g. a VLAN device).
      String name = line.substring(0, eq);
      Path file = Path.of("/proc/sys", name.contains("/") ? name : name.replace('.', '/'));
      try {
        Files.writeString(file, line.substring(eq + 1));
      } catch (NoSuchFileException e) {
        errors[i] = "sysctl: cannot stat " + file + ": No such file or directory";
      } catch (IOException e) {
        errors[i] = "sysctl: setting key \"" + name + "\": " + e.getMessage();
      }
    }
    return errors;
  }

  /** ip/bridge -batch print the error, then "Command failed -:N" (N counted from 1). */
  private static boolean attributeBatch(String stderr, String[] errors) {
    boolean any = false;
    StringBuilder message = new StringBuilder();
    for (String line : stderr.split("\n")) {
      Matcher m = FAILED_LINE.matcher(line);
      if (m.find()) {
        int n = Integer.parseInt(m.group(1)) - 1;
        if (n >= 0 && n < errors.length) {
          errors[n] = message.length() == 0 ? line : message.toString().strip();
          any = true;
        }
        message.setLength(0);
      } else if (!line.isBlank()) {
        message.append(line).append(' ');
      }
    }
    return any;
  }

  private static boolean attributeSysctl(List<IpCommands.Step> steps, String stderr, String[] errors) {
    boolean any = false;
    for (String line : stderr.split("\n")) {
      for (int i = 0; i < steps.size(); i++) {
        String name = steps.get(i).line().substring(0, steps.get(i).line().indexOf('='));
        if (!line.isBlank() && (line.contains(name.replace('.', '/')) || line.contains(name))) {
          errors[i] = line.strip();
          any = true;
        }
      }
    }
    return any;
  }

  static Result.Status status(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("file exists")) {
      return Result.Status.EXISTS;
    }
    if (m.contains("no such process") || m.contains("cannot find device") || m.contains("no such file or directory")
        || m.contains("no such device") || m.contains("cannot assign requested address")) {
      return Result.Status.NOT_FOUND;
    }
    return Result.Status.FAILED;
  }

  private Namespace target(Namespace ns) {
    return ns.isHost() ? host : ns;
  }

  /** argv run in namespace {@code t}: ip and bridge take {@code -n NAME}, anything else goes through ip netns exec. */
  private static List<String> command(Namespace t, String... argv) {
    List<String> cmd = new ArrayList<>();
    boolean iproute = "ip".equals(argv[0]) || "bridge".equals(argv[0]);
    if (t.isPath()) {
      cmd.add("nsenter");
      cmd.add("--net=" + t.ref());
    } else if (!t.isHost() && !iproute) {
      cmd.addAll(List.of("ip", "netns", "exec", t.ref()));
    }
    cmd.add(argv[0]);
    if (!t.isHost() && !t.isPath() && iproute) {
      cmd.add("-n");
      cmd.add(t.ref());
    }
    cmd.addAll(Arrays.asList(argv).subList(1, argv.length));
    return cmd;
  }
}
