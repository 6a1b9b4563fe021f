package io.netledger.cli;

import io.netledger.events.validate.InvalidEventException;
import picocli.CommandLine;

/**
 * Entry point of the {@code netledger} command. Exit codes: 0 success; 2 bad usage or invalid
 * input (the message names the field, the value and the rule); 1 a runtime failure (the message
 * names what could not be reached).
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (for tests and for {@link #main}). */
  public static int run(String... args) {
    // Avro refuses to instantiate generated classes outside allowed packages.
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
        "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new NetledgerCommand());
    io.netledger.cli.command.EventOptions.register(cl.getSubcommands().get("publish"));
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof InvalidEventException || e instanceof CommandLine.ParameterException) {
        line.getErr().println("netledger: " + e.getMessage());
        return USAGE;
      }
      line.getErr().println("netledger: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return FAILURE;
    });
    cl.setExitCodeExceptionMapper(e -> e instanceof InvalidEventException
        || e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
    return cl;
  }
}
