package io.netledger.cli.command;

import io.netledger.audit.Exporter;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Decoded records as JSON lines (topic, partition, offset, timestamp, key, value), in log-time order.")
public final class AuditExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  AuditOptions options;

  @Option(names = "--from", paramLabel = "T1", converter = AuditTime.class, description = "From this log time (inclusive).")
  Instant from;

  @Option(names = "--to", paramLabel = "T2", converter = AuditTime.class, description = "To this log time (exclusive).")
  Instant to;

  @Option(names = "--topics", split = ",", paramLabel = "TOPIC",
      description = "Catalogue topics, full or short names (networks, hosts, containers, allocations, ...; default: the inputs).")
  List<String> topics;

  @Override
  public Integer call() throws Exception {
    List<Topic<?>> chosen = new ArrayList<>();
    for (String name : topics == null ? List.<String>of() : topics) {
      Topic<?> t = Topics.byName(name).or(() -> Topics.all().stream()
          .filter(x -> x.name().equals("netledger." + name + ".v1")).findFirst())
          .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "unknown topic '" + name
              + "' (see `netledger topics`)"));
      chosen.add(t);
    }
    if (chosen.isEmpty()) {
      chosen.addAll(Topics.inputs());
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is not before --to " + to);
    }
    return AuditOptions.run(spec, () -> {
      Exporter.export(options.source(), chosen, from, to, spec.commandLine().getOut(),
          options.progress(spec, "reading records"));
      return 0;
    });
  }
}
