package io.netledger.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.events.topic.Replication;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Print the topic catalogue: name, key, value type, partitions, replication factor and"
        + " min.insync.replicas, configs and writer.")
public final class TopicsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON array.")
  boolean json;

  @Option(names = "--brokers", paramLabel = "N", defaultValue = "3",
      description = "Show the replication the catalogue asks on a cluster of N brokers (default ${DEFAULT-VALUE};"
          + " 3/2 from 3 brokers up, 1/1 on one).")
  int brokers;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (brokers < 1) {
      spec.commandLine().getErr().println("--brokers: " + brokers + " is not a cluster size (at least 1)");
      return 2;
    }
    Replication r = Replication.forBrokers(brokers);
    if (json) {
      List<Map<String, Object>> rows = Topics.all().stream().map(t -> row(t, r)).toList();
      out.println(new ObjectMapper().writeValueAsString(rows));
      return 0;
    }
    out.printf("replication on %d broker(s): %d replicas, min.insync.replicas %d%n", brokers, r.factor(),
        r.minInsyncReplicas());
    out.printf("%-28s %-38s %-15s %5s %3s %6s  %-10s %s%n", "TOPIC", "KEY", "VALUE", "PARTS", "RF", "MINISR",
        "WRITER", "CONFIGS");
    for (Topic<?> t : Topics.all()) {
      out.printf("%-28s %-38s %-15s %5d %3d %6d  %-10s %s%n", t.name(), t.keyShape(),
          t.valueType().getSimpleName(), t.partitions(), r.factor(), r.minInsyncReplicas(), t.writer().module(),
          new TreeMap<>(t.configs(r)));
    }
    return 0;
  }

  private static Map<String, Object> row(Topic<?> t, Replication r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("key", t.keyShape());
    m.put("value", t.valueType().getSimpleName());
    m.put("subject", t.valueSubject());
    m.put("partitions", t.partitions());
    m.put("replicationFactor", (int) r.factor());
    m.put("minInsyncReplicas", r.minInsyncReplicas());
    m.put("configs", new TreeMap<>(t.configs(r)));
    m.put("writer", t.writer().module());
    m.put("purpose", t.purpose());
    return m;
  }
}
