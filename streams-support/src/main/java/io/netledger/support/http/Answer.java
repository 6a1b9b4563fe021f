package io.netledger.support.http;

import io.vertx.core.json.JsonObject;

/**
 * What a query answers: an HTTP status and a JSON body. Errors carry {@code {"error": reason}} so
 * the CLI and curl users see why (400: the request is malformed; 404: nothing under that key;
 * 503: the store is not queryable yet, e.g. during a rebalance).
 */
public record Answer(int status, JsonObject body) {
  public static Answer ok(JsonObject body) {
    return new Answer(200, body);
  }

  public static Answer badRequest(String reason) {
    return error(400, reason);
  }

  public static Answer notFound(String reason) {
    return error(404, reason);
  }

  public static Answer unavailable(String reason) {
    return error(503, reason);
  }

  public static Answer error(int status, String reason) {
    return new Answer(status, new JsonObject().put("error", reason));
  }
}
