package io.netledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.avro.InputCoordinates;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro values as plain JSON for machines: a record is an object of its fields, an enum its symbol,
 * a timestamp an ISO-8601 string, bytes base64; a field whose type is a union of several records
 * (an envelope's payload) is an object {@code {"<RecordName>": {...}}}, as Avro's own JSON encoding
 * names union branches. Written by hand because Avro's JSON encoder wants a schema-aware reader on
 * the other side (it tags every nullable field), which is not what other tools expect.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Json() {}

  public static JsonNode of(Object value) {
    if (value == null) {
      return F.nullNode();
    }
    if (value instanceof SpecificRecord r) {
      ObjectNode o = F.objectNode();
      for (Schema.Field f : r.getSchema().getFields()) {
        Object v = r.get(f.pos());
        if (v instanceof SpecificRecord inner && recordUnion(f.schema())) {
          o.set(f.name(), F.objectNode().set(inner.getSchema().getName(), of(inner)));
        } else {
          o.set(f.name(), of(v));
        }
      }
      return o;
    }
    if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>) {
      return F.textNode(value.toString());
    }
    if (value instanceof Instant t) {
      return F.textNode(t.toString());
    }
    if (value instanceof Integer i) {
      return F.numberNode(i);
    }
    if (value instanceof Long l) {
      return F.numberNode(l);
    }
    if (value instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (value instanceof Number n) {
      return F.numberNode(n.doubleValue());
    }
    if (value instanceof ByteBuffer b) {
      ByteBuffer d = b.duplicate();
      byte[] bytes = new byte[d.remaining()];
      d.get(bytes);
      return F.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof Collection<?> c) {
      ArrayNode a = F.arrayNode();
      c.forEach(x -> a.add(of(x)));
      return a;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, v) -> o.set(String.valueOf(k), of(v)));
      return o;
    }
    return F.textNode(value.toString());
  }

  /** "topic:partition@offset" (and the eventId), the way tables name an input record. */
  public static String coordinates(InputCoordinates c) {
    return c == null ? "" : c.getTopic() + ":" + c.getPartition() + "@" + c.getOffset();
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean recordUnion(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return false;
    }
    return s.getTypes().stream().filter(t -> t.getType() == Schema.Type.RECORD).count() > 1;
  }
}
