package io.netledger.cli.command;

import io.netledger.audit.SubjectHistory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "container", mixinStandardHelpOptions = true,
    description = "The full history of a container: its events and the derived changes they caused, in decision order.")
public final class AuditContainerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  AuditOptions options;

  @Parameters(index = "0", paramLabel = "ID", description = "The container id.")
  String id;

  @Override
  public Integer call() throws Exception {
    return AuditSubjectOutput.run(spec, options, "container", id, SubjectHistory.container(id));
  }
}
