package io.netledger.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.audit.DecisionLog;
import io.netledger.audit.Describe;
import io.netledger.audit.Json;
import io.netledger.audit.MeshReplay;
import io.netledger.audit.Replay;
import io.netledger.audit.Table;
import io.netledger.audit.Views;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "state", mixinStandardHelpOptions = true,
    description = "Rebuild allocations, blocks, DNS records and host state as of a time, from the log alone.")
public final class AuditStateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  AuditOptions options;

  @Option(names = "--at", paramLabel = "TIME", converter = AuditTime.class,
      description = "Decisions on inputs logged up to this time (default: all).")
  Instant at;

  @Override
  public Integer call() throws Exception {
    return AuditOptions.run(spec, () -> {
      MeshReplay mesh = new MeshReplay();
      Replay replay = new Replay(options.config(), List.of(mesh));
      long n = DecisionLog.read(options.source(), at, replay::accept, options.progress(spec, "replaying decisions"));
      Map<String, SpecificRecord> hostState = mesh.hostState();
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("at", at == null ? null : at.toString());
        o.put("decisions", n);
        o.set("allocations", Json.of(replay.views().view(Topics.ALLOCATIONS)));
        o.set("ipamBlocks", Json.of(replay.views().view(Topics.IPAM_BLOCKS)));
        o.set("dnsRecords", Json.of(replay.views().view(Topics.DNS_RECORDS)));
        o.set("hostState", Json.of(hostState));
        out.println(Json.write(o));
      } else {
        out.printf("state %s: %,d decisions replayed%n", at == null ? "now" : "at " + at, n);
        for (Topic<?> t : Views.ALLOCATOR_VIEWS) {
          Map<String, SpecificRecord> view = replay.views().view(t);
          out.printf("%n%s (%d keys)%n", Describe.shortTopic(t.name()), view.size());
          Table table = new Table("KEY", "VALUE");
          view.forEach((k, v) -> table.row(k, Describe.change(new OutputRecord(t.name(), k, v)).substring(
              Describe.shortTopic(t.name()).length() + k.length() + 3)));
          table.print(out);
        }
        Map<String, Integer> perHost = new TreeMap<>();
        hostState.keySet().forEach(k -> perHost.merge(k.substring(0, Math.max(0, k.indexOf('/'))), 1, Integer::sum));
        out.printf("%nhost-state (%d slices)%n", hostState.size());
        Table hosts = new Table("HOST", "SLICES");
        perHost.forEach(hosts::row);
        hosts.print(out);
      }
      out.flush();
      return 0;
    });
  }
}
