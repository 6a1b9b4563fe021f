package io.netledger.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code netledger publish <event> --<field> ...}: one subcommand per input event, whose flags are
 * generated from the event's Avro schema ({@link EventOptions}), so the CLI cannot drift from the
 * contracts.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Validate one lifecycle event, publish it, print where it landed.")
public final class PublishCommand implements Runnable {
  @Spec
  CommandSpec spec;

  public PublishCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
