package io.netledger.gateway;

import io.netledger.events.validate.EventValidator;
import io.netledger.events.validate.InvalidEventException;
import io.netledger.events.validate.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a JSON body into the generated payload class of an input schema, then applies
 * {@link EventValidator} (the publisher's rules). The JSON mirrors the Avro record field by field
 * ({@code {"containerId": "c1", "name": "web", "aliases": ["www"], "labels": {"k": "v"}}}); a
 * field with a schema default may be left out; an unknown field is an error (a typo must not
 * vanish silently). Every problem, of shape or of rule, comes back at once as one
 * {@link InvalidEventException}.
 *
 * <p>Avro's own JSON decoder is not used: it wants unions spelled {@code {"string": "x"}} and
 * stops at the first error, where clients want plain JSON and every bad field named.
 */
public final class JsonEvents {
  private JsonEvents() {}

  /** Decodes and validates; throws {@link InvalidEventException} naming each bad field. */
  public static SpecificRecord decode(Schema schema, JsonObject body) {
    List<Violation> shape = new ArrayList<>();
    GenericRecordBuilder b = new GenericRecordBuilder(schema);
    for (String key : body.fieldNames()) {
      if (schema.getField(key) == null) {
        shape.add(new Violation(key, body.getValue(key), "is not a field of " + schema.getName()));
      }
    }
    for (Schema.Field f : schema.getFields()) {
      if (!body.containsKey(f.name())) {
        if (!f.hasDefaultValue()) {
          shape.add(new Violation(f.name(), null, "is required"));
        }
        continue;
      }
      Object converted = convert(f.name(), f.schema(), body.getValue(f.name()), shape);
      if (converted != INVALID) {
        b.set(f, converted);
      }
    }
    if (!shape.isEmpty()) {
      throw new InvalidEventException(schema.getName(), shape);
    }
    SpecificRecord payload = (SpecificRecord) SpecificData.get().deepCopy(schema, b.build());
    EventValidator.validate(payload);
    return payload;
  }

  private static final Object INVALID = new Object();

  private static Object convert(String field, Schema type, Object v, List<Violation> out) {
    if (type.getType() == Schema.Type.UNION) {
      if (v == null) {
        if (type.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
          return null;
        }
      } else {
        Schema nonNull = type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        return convert(field, nonNull, v, out);
      }
    }
    switch (type.getType()) {
      case STRING:
        if (v instanceof String s) {
          return s;
        }
        break;
      case INT:
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() == ((Number) v).intValue()) {
          return ((Number) v).intValue();
        }
        break;
      case LONG:
        if (v instanceof Integer || v instanceof Long) {
          return ((Number) v).longValue();
        }
        break;
      case BOOLEAN:
        if (v instanceof Boolean) {
          return v;
        }
        break;
      case ENUM:
        if (v instanceof String s && type.getEnumSymbols().contains(s.toUpperCase(java.util.Locale.ROOT))) {
          return new GenericData.EnumSymbol(type, s.toUpperCase(java.util.Locale.ROOT));
        }
        out.add(new Violation(field, v, "must be one of " + type.getEnumSymbols()));
        return INVALID;
      case ARRAY:
        if (v instanceof JsonArray a) {
          List<Object> items = new ArrayList<>();
          for (int i = 0; i < a.size(); i++) {
            Object item = convert(field + "[" + i + "]", type.getElementType(), a.getValue(i), out);
            if (item == INVALID) {
              return INVALID;
            }
            items.add(item);
          }
          return items;
        }
        break;
      case RECORD:
        if (v instanceof JsonObject o) {
          // A nested record (a published port): the same rules as the top level, fields named
          // by their path (ports[0].hostPort).
          int before = out.size();
          GenericRecordBuilder rb = new GenericRecordBuilder(type);
          for (String k : o.fieldNames()) {
            if (type.getField(k) == null) {
              out.add(new Violation(field + "." + k, o.getValue(k), "is not a field of " + type.getName()));
            }
          }
          for (Schema.Field f : type.getFields()) {
            if (!o.containsKey(f.name())) {
              if (!f.hasDefaultValue()) {
                out.add(new Violation(field + "." + f.name(), null, "is required"));
              }
              continue;
            }
            Object item = convert(field + "." + f.name(), f.schema(), o.getValue(f.name()), out);
            if (item != INVALID) {
              rb.set(f, item);
            }
          }
          return out.size() > before ? INVALID : rb.build();
        }
        break;
      case MAP:
        if (v instanceof JsonObject o) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (String k : o.fieldNames()) {
            Object item = convert(field + "." + k, type.getValueType(), o.getValue(k), out);
            if (item == INVALID) {
              return INVALID;
            }
            m.put(k, item);
          }
          return m;
        }
        break;
      default:
        break;
    }
    out.add(new Violation(field, v, "must be " + describe(type)));
    return INVALID;
  }

  private static String describe(Schema type) {
    return switch (type.getType()) {
      case STRING -> "a string";
      case INT -> "an integer (32 bits)";
      case LONG -> "an integer";
      case BOOLEAN -> "true or false";
      case ARRAY -> "an array of " + describe(type.getElementType()).replaceFirst("^an? ", "") + "s";
      case RECORD -> "an object (" + type.getName() + ")";
      case MAP -> "an object whose values are " + describe(type.getValueType()).replaceFirst("^an? ", "") + "s";
      case UNION -> "null or " + describe(type.getTypes().stream()
          .filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow());
      default -> type.getType().getName();
    };
  }
}
