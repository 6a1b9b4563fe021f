package io.netledger.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code netledger audit}: answers from the log alone, without trusting the running services.
 * Every subcommand replays the allocator's decision-order topic through the same pure classes the
 * stream apps run. Exit codes: 0 answered (verify: views equal), 1 runtime failure, nobody held
 * the address, or (verify) a divergence, 2 bad input.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "History, time travel and verification from the log.",
    subcommands = {AuditIpCommand.class, AuditContainerCommand.class, AuditHostCommand.class,
        AuditStateCommand.class, AuditVerifyCommand.class, AuditExportCommand.class})
public final class AuditCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
