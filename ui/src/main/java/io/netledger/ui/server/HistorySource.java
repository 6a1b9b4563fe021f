package io.netledger.ui.server;

import io.vertx.core.json.JsonObject;

/**
 * Where a container's "why" comes from: what {@code netledger audit container ID --json} shows,
 * rebuilt from the log. Called on a worker thread, one call at a time (a replay reads the whole
 * decision log).
 */
@FunctionalInterface
public interface HistorySource {
  /**
   * {@code {container, history: [{decision, logged, input, event, changes: [...]}]}}, or null when
   * the log has no such container.
   *
   * @throws Exception when the log cannot be read; the page gets a 503 with the message
   */
  JsonObject container(String containerId) throws Exception;

  /** No history: the route answers 501 saying why. */
  HistorySource NONE = id -> {
    throw new UnsupportedOperationException("this server was started without access to the audit log");
  };
}
