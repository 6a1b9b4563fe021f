package io.netledger.cli.command;

import io.netledger.avro.Encryption;
import io.netledger.cli.cluster.DevCluster;
import io.netledger.cli.demo.LogReader;
import io.netledger.cli.demo.SeedScenario;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.Published;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.topic.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The seed scenario for a person: start the embedded cluster, publish the walkthrough's events
 * the way an orchestrator would, and read them back from the log, decoded. Each step prints the
 * command a person would type to do it themselves.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run \"a day in the life of a packet\" on an embedded cluster and narrate it.")
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", description = "Data directory (default: a new temporary one).")
  Path dataDir;

  @Option(names = "--keep", description = "Leave the cluster running at the end (stop it with Ctrl-C).")
  boolean keep;

  @Option(names = "--encrypted", description = "Mark network `managed` encryption=IPSEC.")
  boolean encrypted;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("netledger-demo-");
    out.println("== netledger demo: a day in the life of a packet ==");
    out.println();
    out.println("Starting the embedded cluster: a KRaft Kafka broker and an Apicurio schema registry");
    out.println("  $ netledger dev up --data-dir " + dir);
    out.flush();
    long t0 = System.nanoTime();
    try (DevCluster cluster = DevCluster.start(DevCluster.Options.in(dir)
        .withProgress(line -> { out.println("  .. " + line); out.flush(); }))) {
      out.printf("  ready in %.1f s: bootstrap %s, registry %s%n%n", (System.nanoTime() - t0) / 1e9,
          cluster.bootstrapServers(), cluster.registryUrl());

      out.println("The orchestrator publishes the lifecycle events (validated, Avro, acks=all):");
      PublisherConfig config = PublisherConfig.of(cluster.bootstrapServers(), cluster.registryUrl(), "netledger-demo");
      try (EventPublisher publisher = EventPublisher.create(config)) {
        for (SpecificRecord event : SeedScenario.events("192.0.2.11", "192.0.2.12",
            encrypted ? Encryption.IPSEC : Encryption.NONE)) {
          out.println("  $ netledger publish " + EventOptions.kebab(event.getSchema().getName()) + flags(event));
          Published at = publisher.publish(event);
          out.println("    -> " + at);
          out.flush();
        }
      }
      out.println();
      out.println("Read back from the log (read_committed, decoded through the registry):");
      LogReader.readAll(cluster.bootstrapServers(), cluster.registryUrl(), Topics.inputs(),
          (topic, partition, offset, key, value) ->
              out.printf("  %s/%d@%d  %-12s %s%n", topic, partition, offset, key, value));
      out.println();
      out.println("The allocator, mesh and host agents that turn these into addresses, DNS and kernel");
      out.println("state are not part of this build yet; see the README for what runs today.");
      if (keep) {
        out.println();
        out.println("--keep: the cluster stays up; explore with");
        out.println("  $ netledger topics");
        out.println("  $ netledger publish container-started --data-dir " + dir + " --help");
        out.println("Press Ctrl-C to stop it.");
        out.flush();
        Thread.currentThread().join();
      }
    }
    out.println("Cluster stopped; nothing left running.");
    return 0;
  }

  /** The flags a person would type for this event. */
  static String flags(SpecificRecord event) {
    StringBuilder sb = new StringBuilder();
    for (Schema.Field f : event.getSchema().getFields()) {
      Object v = event.get(f.pos());
      if (v == null || (v instanceof java.util.Collection<?> c && c.isEmpty())
          || (v instanceof java.util.Map<?, ?> m && m.isEmpty())
          || (f.hasDefaultValue() && String.valueOf(f.defaultVal()).equals(String.valueOf(v)))) {
        continue;
      }
      String text = String.valueOf(v);
      sb.append(" --").append(EventOptions.kebab(f.name())).append(' ')
          .append(text.matches("[A-Za-z0-9_./:=-]+") ? text : "'" + text + "'");
    }
    return sb.toString();
  }
}
