package io.netledger.agent.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  /**
   * What a read runs, in this order. {@code -N}: numeric tables, protocols, scopes and types.
   * IPv6 queries answer "[]" on a kernel without IPv6; grep exits 1 when a glob matches nothing.
   */
  private static final List<String> READ_QUERIES = List.of(
      "ip -d -json link show",
      "ip -json address show",
      "ip -4 -N -json route show table all",
      "ip -4 -N -json rule show",
      "{ ip -6 -N -json route show table all 2>/dev/null || echo '[]'; }",
      "{ ip -6 -N -json rule show 2>/dev/null || echo '[]'; }",
      "ip -json neigh show nud permanent",
      "bridge -json fdb show",
      "{ grep -H . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/proxy_arp /proc/sys/net/ipv4/neigh/*/proxy_delay 2>/dev/null || true; }");

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
    // One shell in the namespace runs every query: entering a namespace and spawning from the
    // JVM cost more than the queries themselves (Iproute2Bench: a small namespace read in about
    // half the time of nine separate processes).
    String script = "set -e; " + String.join("; echo " + SEPARATOR + "; ", READ_QUERIES);
    Exec.Output out = Exec.run(command(target(ns), "sh", "-c", script), null, TIMEOUT_SECONDS);
    String[] parts = out.stdout().split("(?m)^" + SEPARATOR + "$", -1);
    if (out.exitCode() != 0 || parts.length != READ_QUERIES.size()) {
      throw new KernelException("cannot read namespace " + ns + ": " + out.stderr().strip());
    }
    List<KernelObject> all = new ArrayList<>();
    all.addAll(IpJson.links(parts[0]));
    all.addAll(IpJson.addresses(parts[1]));
    all.addAll(IpJson.routes(parts[2], Family.INET));
    all.addAll(IpJson.rules(parts[3], Family.INET));
    all.addAll(IpJson.routes(parts[4], Family.INET6));
    all.addAll(IpJson.rules(parts[5], Family.INET6));
    all.addAll(IpJson.neighbours(parts[6]));
    all.addAll(IpJson.fdb(parts[7]));
    all.addAll(IpJson.sysctls(parts[8]));
    return new KernelState(all);
  }

  @Override
  public List<Result> apply(Namespace ns, List<Change> changes) {
    String hostRef = host.isHost() ? Long.toString(ProcessHandle.current().pid()) : host.ref();
    List<Integer> owner = new ArrayList<>();
    List<IpCommands.Step> steps = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      for (IpCommands.Step s : IpCommands.render(ns, changes.get(i), hostRef)) {
        steps.add(s);
        owner.add(i);
      }
    }
    Result[] results = new Result[changes.size()];
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

  /** Runs steps of one namespace and tool in one process; returns the error of each step or null. */
  private String[] run(List<IpCommands.Step> steps) {
    String[] errors = new String[steps.size()];
    IpCommands.Step first = steps.get(0);
    Namespace t = target(first.where());
    Exec.Output out;
    try {
      if (first.tool() == IpCommands.Tool.SYSCTL) {
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
