package io.netledger.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.cli.Main;
import io.netledger.audit.Describe;
import io.netledger.audit.Difference;
import io.netledger.audit.Json;
import io.netledger.audit.Table;
import io.netledger.audit.Verifier;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Rebuild the views from the log and compare them with the live topics; exit 1 naming every"
        + " differing key, 0 when equal.")
public final class AuditVerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  AuditOptions options;

  @Option(names = "--no-mesh", description = "Skip host-state (when mesh-stream is not deployed).")
  boolean noMesh;

  @Override
  public Integer call() throws Exception {
    return AuditOptions.run(spec, () -> {
      long t0 = System.nanoTime();
      Verifier.Result r = Verifier.verify(options.source(), options.config(), !noMesh,
          options.progress(spec, "replaying decisions"));
      double secs = (System.nanoTime() - t0) / 1e9;
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("decisions", r.decisions());
        o.put("seconds", secs);
        o.set("compared", Json.of(r.compared()));
        ArrayNode ds = o.putArray("differences");
        for (Difference d : r.differences()) {
          ObjectNode x = ds.addObject();
          x.put("topic", d.topic());
          x.put("key", d.key());
          x.set("expected", Json.of(d.expected()));
          x.set("found", Json.of(d.found()));
          if (d.note() != null) {
            x.put("note", d.note());
          }
        }
        out.println(Json.write(o));
      } else {
        if (!r.differences().isEmpty()) {
          Table t = new Table("TOPIC", "KEY", "EXPECTED", "FOUND");
          for (Difference d : r.differences()) {
            t.row(Describe.shortTopic(d.topic()), d.key(), text(d.topic(), d.key(), d.expected(), null),
                text(d.topic(), d.key(), d.found(), d.note()));
          }
          t.print(out);
        }
        out.printf("%s: %,d decisions replayed in %.1f s; keys compared %s; %d difference%s%n",
            r.differences().isEmpty() ? "views equal the log" : "VIEWS DIVERGE FROM THE LOG", r.decisions(), secs,
            r.compared(), r.differences().size(), r.differences().size() == 1 ? "" : "s");
      }
      out.flush();
      return r.differences().isEmpty() ? Main.OK : Main.FAILURE;
    });
  }

  private static String text(String topic, String key, SpecificRecord v, String note) {
    if (note != null) {
      return note;
    }
    if (v == null) {
      return "(absent)";
    }
    String full = Describe.change(new OutputRecord(topic, key, v));
    String head = Describe.shortTopic(topic) + " " + key + ": ";
    String s = full.startsWith(head) ? full.substring(head.length()) : full;
    if (s.startsWith("io.netledger") || s.startsWith("{")) {
      s = Json.write(Json.of(v));
    }
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
