package io.netledger.ui.server;

import io.netledger.ui.view.InfraImage;
import io.netledger.ui.view.ViewJson;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns each new image into a patch: renders the entities the delta touched and keeps only those
 * whose JSON differs from what was sent last (a touched entity often renders the same, e.g. a
 * network whose counts did not move). Runs on the feed's thread, so the event loop only merges
 * and writes. Not thread-safe: one caller at a time.
 */
final class Renderer {
  private final Map<String, JsonObject> sent = new HashMap<>();
  private boolean first = true;

  /** What changed since the last call: entity id → its new JSON, or null when it is gone. */
  Map<String, JsonObject> diff(InfraImage image, Set<String> changed) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    if (first) {
      first = false;
      Map<String, JsonObject> all = ViewJson.all(image);
      sent.putAll(all);
      out.putAll(all);
      return out;
    }
    for (String id : changed) {
      JsonObject now = ViewJson.render(image, id);
      JsonObject before = sent.get(id);
      if (!Objects.equals(now, before)) {
        if (now == null) {
          sent.remove(id);
        } else {
          sent.put(id, now);
        }
        out.put(id, now);
      }
    }
    return out;
  }
}
