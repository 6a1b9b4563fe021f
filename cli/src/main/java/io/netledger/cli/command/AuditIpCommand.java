package io.netledger.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.avro.Allocation;
import io.netledger.audit.AddressHistory;
import io.netledger.audit.AuditException;
import io.netledger.audit.DecisionLog;
import io.netledger.audit.Json;
import io.netledger.audit.Replay;
import io.netledger.audit.Table;
import io.netledger.audit.Tenure;
import io.netledger.events.net.Ipv4;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ip", mixinStandardHelpOptions = true,
    description = "Every holder of an address over time (container, service, stack, host, from/to, inputs),"
        + " or the holder at --at.")
public final class AuditIpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  AuditOptions options;

  @Parameters(index = "0", paramLabel = "IP", description = "An IPv4 address, e.g. 10.42.0.66.")
  String ip;

  @Option(names = "--network", required = true, paramLabel = "N", description = "The network id.")
  String network;

  @Option(names = "--at", paramLabel = "TIME", converter = AuditTime.class,
      description = "Only the holder at this time (2026-11-27T14:32:00Z, local 2026-11-27T14:32, or epoch ms).")
  Instant at;

  @Override
  public Integer call() throws Exception {
    if (!Ipv4.isValid(ip)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "'" + ip + "' is not an IPv4 address");
    }
    return AuditOptions.run(spec, () -> {
      AddressHistory history = new AddressHistory(network, ip);
      Replay replay = new Replay(options.config(), List.of(history));
      DecisionLog.read(options.source(), null, replay::accept, options.progress(spec, "replaying decisions"));
      List<Tenure> tenures = history.tenures();
      if (tenures.isEmpty()) {
        throw new AuditException(1, history.networkSeen()
            ? "nobody ever held " + ip + " in network " + network
            : "no address of network " + network + " in the decision log (unknown network?)");
      }
      List<Tenure> shown = at == null ? tenures : tenures.stream().filter(t -> t.heldAt(at)).toList();
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        out.println(Json.write(json(shown)));
      } else if (shown.isEmpty()) {
        out.println("nobody held " + ip + " in " + network + " at " + at + " (" + tenures.size() + " holders at other times)");
      } else {
        table(shown).print(out);
      }
      out.flush();
      return 0;
    });
  }

  private ObjectNode json(List<Tenure> shown) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("network", network);
    o.put("ip", ip);
    if (at != null) {
      o.put("at", at.toString());
    }
    ArrayNode holders = o.putArray("holders");
    for (Tenure t : shown) {
      Allocation a = t.allocation();
      ObjectNode h = holders.addObject();
      h.put("key", t.key());
      h.put("kind", a.getKind().toString());
      h.put("ownerId", a.getOwnerId());
      h.put("name", a.getName());
      h.put("service", a.getService());
      h.put("stack", a.getStack());
      h.put("hostId", a.getHostId());
      h.put("from", t.from().toString());
      h.put("to", t.to() == null ? null : t.to().toString());
      h.set("fromInput", Json.of(t.fromInput()));
      h.set("toInput", Json.of(t.toInput()));
    }
    return o;
  }

  private static Table table(List<Tenure> shown) {
    Table table = new Table("HOLDER", "KIND", "NAME", "SERVICE", "STACK", "HOST", "FROM", "TO", "FROM INPUT", "TO INPUT");
    for (Tenure t : shown) {
      Allocation a = t.allocation();
      table.row(t.key(), a.getKind(), a.getName(), a.getService(), a.getStack(), a.getHostId(), t.from(),
          t.to() == null ? "now" : t.to(), Json.coordinates(t.fromInput()),
          t.toInput() == null ? null : Json.coordinates(t.toInput()));
    }
    return table;
  }
}
