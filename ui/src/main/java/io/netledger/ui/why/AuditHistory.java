package io.netledger.ui.why;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.audit.DecisionLog;
import io.netledger.audit.Describe;
import io.netledger.audit.Json;
import io.netledger.audit.LogSource;
import io.netledger.audit.Progress;
import io.netledger.audit.Replay;
import io.netledger.audit.Step;
import io.netledger.audit.SubjectHistory;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.Rejection;
import io.netledger.ui.server.HistorySource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The page's "why": a container's history as {@code netledger audit container ID} shows it, each
 * decision with its input and the changes it caused in {@link Describe}'s words, rebuilt by the
 * audit engine from the allocator's decision log (the same replay, the same pure allocator).
 * Replays the whole log per call; the server makes one call at a time.
 */
public final class AuditHistory implements HistorySource {
  private final LogSource source;
  private final AllocatorConfig config;

  public AuditHistory(LogSource source, AllocatorConfig config) {
    this.source = source;
    this.config = config;
  }

  @Override
  public JsonObject container(String containerId) {
    SubjectHistory history = SubjectHistory.container(containerId);
    Replay replay = new Replay(config, List.of(history));
    DecisionLog.read(source, null, replay::accept, Progress.quiet());
    if (history.entries().isEmpty()) {
      return null;
    }
    JsonArray rows = new JsonArray();
    for (SubjectHistory.Entry e : history.entries()) {
      JsonArray changes = new JsonArray();
      for (OutputRecord o : e.changes()) {
        changes.add(Describe.change(o));
      }
      rows.add(new JsonObject().put("decision", e.step().offset()).put("logged", e.step().timestamp().toString())
          .put("input", Json.coordinates(input(e.step()))).put("event", Describe.input(e.step())).put("changes", changes));
    }
    return new JsonObject().put("container", containerId).put("history", rows);
  }

  private static InputCoordinates input(Step s) {
    return s.input().event() != null ? s.input().event().cause() : ((Rejection) s.input().rejection().value()).getInput();
  }
}
