package io.netledger.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.agent.doctor.Check;
import io.netledger.agent.doctor.Doctor;
import io.netledger.agent.doctor.SystemProbes;
import io.netledger.cli.ClusterOptions;
import io.netledger.ui.server.UiConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check that this host has what netledger needs and name the package for whatever is missing.",
        "One line per check: ok|warn|fail, what, why or how to fix. Kernel features and charon are tried in"
            + " scratch network namespaces. Exit 0 when nothing fails, 1 when something fails."})
public final class DoctorCommand implements Callable<Integer> {
  /** The gateway's and the page's default ports, which a developer's first run wants free. */
  static final List<Integer> DEV_PORTS = List.of(8088, UiConfig.DEFAULT_PORT);

  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--for", defaultValue = "dev", paramLabel = "agent|dev|suite",
      description = "agent: what a host running an agent needs; dev: + the registry's Java, free ports and the"
          + " configured cluster; suite: + what the tests use (default ${DEFAULT-VALUE}).")
  String scope;

  @Option(names = "--json", description = "Print one JSON object (scope, failed, checks).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Doctor.Scope s = Doctor.Scope.parse(scope).orElseThrow(() -> new CommandLine.ParameterException(
        spec.commandLine(), "--for must be agent, dev or suite, not '" + scope + "'"));
    long start = System.nanoTime();
    List<Check> checks = new ArrayList<>();
    Doctor.Settings settings = Doctor.Settings.none();
    if (s != Doctor.Scope.AGENT) {
      try {
        settings = new Doctor.Settings(cluster.configuredBootstrap(), cluster.configuredRegistry(), DEV_PORTS);
      } catch (RuntimeException e) {
        checks.add(Check.fail("cluster", "cannot read " + cluster.dataDir.resolve("cluster.json") + ": " + e.getMessage()));
        settings = new Doctor.Settings(Optional.empty(), Optional.empty(), DEV_PORTS);
      }
    }
    checks.addAll(0, new Doctor(new SystemProbes()).run(s, settings));
    if (checks.stream().filter(c -> c.what().equals("cluster")).count() > 1) {
      checks.removeIf(c -> c.what().equals("cluster") && !c.failed());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    var out = spec.commandLine().getOut();
    int code = Doctor.exitCode(checks);
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("scope", s.name().toLowerCase(Locale.ROOT));
      doc.put("failed", code != 0);
      doc.put("millis", millis);
      doc.put("checks", checks.stream().map(c -> Map.of("verdict", c.verdict().name().toLowerCase(Locale.ROOT),
          "what", c.what(), "detail", c.detail())).toList());
      out.println(new ObjectMapper().writeValueAsString(doc));
    } else {
      out.print(Doctor.table(checks));
      long failed = checks.stream().filter(Check::failed).count();
      out.printf("%d checks for %s in %.1f s: %s%n", checks.size(), s.name().toLowerCase(Locale.ROOT), millis / 1000.0,
          failed == 0 ? "nothing fails" : failed + " failed");
    }
    out.flush();
    return code;
  }
}
