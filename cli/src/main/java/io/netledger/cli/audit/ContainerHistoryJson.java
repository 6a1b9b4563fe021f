package io.netledger.cli.audit;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.Rejection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A container's history as the Infrastructure page's "why" shows it: the rows of
 * {@code netledger audit container ID}, each decision with its input and the changes it caused,
 * in the words of {@link Describe}. Replays the whole decision log per call.
 */
public final class ContainerHistoryJson {
  private final LogSource source;
  private final AllocatorConfig config;

  public ContainerHistoryJson(LogSource source, AllocatorConfig config) {
    this.source = source;
    this.config = config;
  }

  /** The history, or null when the decision log has no such container. */
  public JsonObject of(String containerId) {
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
