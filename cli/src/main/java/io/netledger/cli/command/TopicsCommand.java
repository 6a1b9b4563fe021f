package io.netledger.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    description = "Print the topic catalogue: name, key, value type, partitions, configs and writer.")
public final class TopicsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON array.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = Topics.all().stream().map(TopicsCommand::row).toList();
      out.println(new ObjectMapper().writeValueAsString(rows));
      return 0;
    }
    out.printf("%-28s %-38s %-15s %5s  %-10s %s%n", "TOPIC", "KEY", "VALUE", "PARTS", "WRITER", "CONFIGS");
    for (Topic<?> t : Topics.all()) {
      out.printf("%-28s %-38s %-15s %5d  %-10s %s%n", t.name(), t.keyShape(),
          t.valueType().getSimpleName(), t.partitions(), t.writer().module(), new TreeMap<>(t.configs()));
    }
    return 0;
  }

  private static Map<String, Object> row(Topic<?> t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("key", t.keyShape());
    m.put("value", t.valueType().getSimpleName());
    m.put("subject", t.valueSubject());
    m.put("partitions", t.partitions());
    m.put("configs", new TreeMap<>(t.configs()));
    m.put("writer", t.writer().module());
    m.put("purpose", t.purpose());
    return m;
  }
}
