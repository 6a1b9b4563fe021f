package io.netledger.support.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Generated Avro records as plain JSON for the query API: field names as in the schema, enums
 * and strings as strings, timestamps as ISO-8601, bytes as base64, unions unwrapped. Avro's own
 * JSON encoding wraps unions ({"string": ...}) and its toString leaves Instants unquoted, neither
 * of which a curl user or a table printer wants.
 */
public final class AvroJson {
  private AvroJson() {}

  public static JsonObject of(IndexedRecord r) {
    JsonObject o = new JsonObject();
    for (Schema.Field f : r.getSchema().getFields()) {
      o.put(f.name(), value(r.get(f.pos())));
    }
    return o;
  }

  public static Object value(Object v) {
    if (v == null || v instanceof Boolean || v instanceof Number) {
      return v;
    }
    if (v instanceof IndexedRecord rec) {
      return of(rec);
    }
    if (v instanceof Instant t) {
      return t.toString();
    }
    if (v instanceof ByteBuffer b) {
      ByteBuffer d = b.duplicate();
      byte[] bytes = new byte[d.remaining()];
      d.get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (v instanceof Collection<?> c) {
      JsonArray a = new JsonArray();
      c.forEach(x -> a.add(value(x)));
      return a;
    }
    if (v instanceof Map<?, ?> m) {
      JsonObject o = new JsonObject();
      m.forEach((k, x) -> o.put(String.valueOf(k), value(x)));
      return o;
    }
    return v.toString();
  }
}
