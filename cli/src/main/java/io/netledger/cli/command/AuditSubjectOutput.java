package io.netledger.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.audit.AuditException;
import io.netledger.audit.DecisionLog;
import io.netledger.audit.Describe;
import io.netledger.audit.Json;
import io.netledger.audit.Replay;
import io.netledger.audit.Step;
import io.netledger.audit.SubjectHistory;
import io.netledger.audit.Table;
import io.netledger.avro.Rejection;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a container's or host's history and prints it (shared by {@code audit container} and {@code audit host}). */
final class AuditSubjectOutput {
  private AuditSubjectOutput() {}

  static int run(CommandSpec spec, AuditOptions options, String what, String id, SubjectHistory history) throws Exception {
    return AuditOptions.run(spec, () -> {
      Replay replay = new Replay(options.config(), List.of(history));
      DecisionLog.read(options.source(), null, replay::accept, options.progress(spec, "replaying decisions"));
      List<SubjectHistory.Entry> entries = history.entries();
      if (entries.isEmpty()) {
        throw new AuditException(1, "no " + what + " " + id + " in the decision log");
      }
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put(what, id);
        ArrayNode events = o.putArray("history");
        for (SubjectHistory.Entry e : entries) {
          events.add(json(e));
        }
        out.println(Json.write(o));
      } else {
        Table t = new Table("DECISION", "LOGGED", "INPUT", "EVENT", "CHANGES");
        for (SubjectHistory.Entry e : entries) {
          List<String> changes = e.changes().stream().map(Describe::change).toList();
          t.row(e.step().offset(), e.step().timestamp(), Json.coordinates(input(e.step())), Describe.input(e.step()),
              changes.isEmpty() ? "(no change)" : changes.get(0));
          for (String c : changes.subList(Math.min(1, changes.size()), changes.size())) {
            t.row("", "", "", "", c);
          }
        }
        t.print(out);
      }
      out.flush();
      return 0;
    });
  }

  static io.netledger.avro.InputCoordinates input(Step s) {
    return s.input().event() != null ? s.input().event().cause()
        : ((Rejection) s.input().rejection().value()).getInput();
  }

  private static ObjectNode json(SubjectHistory.Entry e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decision", e.step().offset());
    o.put("logged", e.step().timestamp().toString());
    o.set("input", Json.of(input(e.step())));
    o.set("event", e.step().input().event() != null ? Json.of(e.step().input().event().envelope())
        : Json.of(e.step().input().rejection().value()));
    ArrayNode changes = o.putArray("changes");
    for (OutputRecord r : e.changes()) {
      ObjectNode c = changes.addObject();
      c.put("topic", r.topic());
      c.put("key", r.key());
      c.set("value", Json.of(r.value()));
    }
    return o;
  }
}
