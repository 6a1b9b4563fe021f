package io.netledger.cli.command;

import io.netledger.audit.SubjectHistory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "host", mixinStandardHelpOptions = true,
    description = "The full history of a host: its events and the derived changes they caused, in decision order.")
public final class AuditHostCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  AuditOptions options;

  @Parameters(index = "0", paramLabel = "ID", description = "The host id.")
  String id;

  @Override
  public Integer call() throws Exception {
    return AuditSubjectOutput.run(spec, options, "host", id, SubjectHistory.host(id));
  }
}
