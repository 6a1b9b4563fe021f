package io.netledger.ui.server;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The page's current state and the browsers watching it, over server-sent events. Every method
 * runs on the server's event loop. A new client gets a {@code snapshot} (every entity), then one
 * {@code patch} per change; a client whose socket cannot keep up is not sent patches until it
 * drains, and then gets a fresh snapshot instead of the ones it missed, so a slow browser never
 * grows the server's memory.
 *
 * <p>Wire form, one JSON line per event: {@code snapshot}: {@code {version, at, caughtUp, feed,
 * entities: {id: json}}}; {@code patch}: {@code {version, at, caughtUp, changes: {id: json|null}}};
 * {@code status}: {@code {caughtUp, feed}}. {@code version} counts patches, {@code at} is when the
 * server applied it (epoch ms).
 */
final class Broadcaster {
  private final Map<String, JsonObject> entities = new HashMap<>();
  private final Set<Client> clients = new LinkedHashSet<>();
  private long version;
  private long at;
  private boolean caughtUp;
  private String feed = "connecting to the log";

  private static final class Client {
    final HttpServerResponse response;
    boolean behind;

    Client(HttpServerResponse response) {
      this.response = response;
    }
  }

  void patch(Map<String, JsonObject> changes, boolean caughtUp, long at) {
    boolean statusChanged = caughtUp != this.caughtUp;
    this.caughtUp = caughtUp;
    this.at = at;
    if (changes.isEmpty() && !statusChanged) {
      return;
    }
    changes.forEach((id, json) -> {
      if (json == null) {
        entities.remove(id);
      } else {
        entities.put(id, json);
      }
    });
    version++;
    JsonObject changed = new JsonObject();
    changes.forEach(changed::put);
    String event = frame("patch", version, new JsonObject().put("version", version).put("at", at)
        .put("caughtUp", caughtUp).put("changes", changed).encode());
    for (Client c : clients) {
      send(c, event);
    }
  }

  void status(String problem) {
    this.feed = problem;
    String event = frame("status", version, new JsonObject().put("caughtUp", caughtUp).put("feed", problem).encode());
    clients.forEach(c -> send(c, event));
  }

  /** The whole state, as the snapshot event and {@code GET /api/view} carry it. */
  JsonObject snapshot() {
    JsonObject all = new JsonObject();
    entities.forEach(all::put);
    return new JsonObject().put("version", version).put("at", at).put("caughtUp", caughtUp).put("feed", feed)
        .put("entities", all);
  }

  void add(HttpServerResponse response) {
    Client c = new Client(response);
    clients.add(c);
    response.closeHandler(v -> clients.remove(c));
    response.exceptionHandler(e -> clients.remove(c));
    response.drainHandler(v -> {
      if (c.behind) {
        c.behind = false;
        send(c, frame("snapshot", version, snapshot().encode()));
      }
    });
    send(c, frame("snapshot", version, snapshot().encode()));
  }

  /** A comment line: keeps proxies and idle timeouts from closing a quiet stream. */
  void keepAlive() {
    clients.forEach(c -> send(c, ": keep-alive\n\n"));
  }

  int clients() {
    return clients.size();
  }

  private static void send(Client c, String frame) {
    if (c.behind || c.response.closed()) {
      return;
    }
    c.response.write(frame);
    if (c.response.writeQueueFull()) {
      c.behind = true;
    }
  }

  private static String frame(String event, long id, String data) {
    return "id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n";
  }

  void closeAll() {
    for (Client c : Set.copyOf(clients)) {
      if (!c.response.closed()) {
        c.response.end();
      }
    }
    clients.clear();
  }
}
