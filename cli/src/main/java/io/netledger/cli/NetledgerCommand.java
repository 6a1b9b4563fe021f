package io.netledger.cli;

import io.netledger.cli.command.AgentCommand;
import io.netledger.cli.command.AuditCommand;
import io.netledger.cli.command.AllocatorCommand;
import io.netledger.cli.command.MeshCommand;
import io.netledger.cli.command.DemoCommand;
import io.netledger.cli.command.DevCommand;
import io.netledger.cli.command.DoctorCommand;
import io.netledger.cli.command.PkiCommand;
import io.netledger.cli.command.GatewayCommand;
import io.netledger.cli.command.GetCommand;
import io.netledger.cli.command.PublishCommand;
import io.netledger.cli.command.TopicsCommand;
import io.netledger.cli.command.UiCommand;
import picocli.CommandLine.Command;

@Command(name = "netledger", mixinStandardHelpOptions = true, version = "netledger 0.1.0",
    description = "An event-sourced control plane for container overlay networks.",
    subcommands = {DevCommand.class, PublishCommand.class, TopicsCommand.class, AllocatorCommand.class,
        MeshCommand.class, AgentCommand.class, GetCommand.class, AuditCommand.class, GatewayCommand.class,
        UiCommand.class, DemoCommand.class, DoctorCommand.class,
        PkiCommand.class})
public final class NetledgerCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
