package io.netledger.agent.metadata;

import io.vertx.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walking and printing a metadata tree, pure, as rancher-metadata did.
 *
 * <p>Walking: each path segment is a key of a map, or, in a list, an index or the {@code name}
 * of an element. Plain text: a map lists its keys one per line, {@code key/} for a subtree; a list
 * lists its indices, {@code i=name} for an element with a name and {@code i=value} for a scalar;
 * a leaf is its bare value without a newline. JSON: the node as it is.
 */
public final class TreeFormat {
  private TreeFormat() {}

  /** The node at {@code path} below {@code root}, if every segment names something. */
  public static Optional<Object> at(Object root, List<String> path) {
    Object node = root;
    for (String segment : path) {
      if (segment.isEmpty()) {
        continue;
      }
      node = child(node, segment);
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  private static Object child(Object node, String segment) {
    if (node instanceof Map<?, ?> m) {
      return m.get(segment);
    }
    if (node instanceof List<?> l) {
      if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit) && segment.length() < 10) {
        int i = Integer.parseInt(segment);
        return i < l.size() ? l.get(i) : null;
      }
      for (Object e : l) {
        if (e instanceof Map<?, ?> m && segment.equals(m.get("name"))) {
          return e;
        }
      }
    }
    return null;
  }

  /** The plain-text form of a node. */
  public static String text(Object node) {
    StringBuilder out = new StringBuilder();
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.append(e.getKey());
        if (isTree(e.getValue())) {
          out.append('/');
        }
        out.append('\n');
      }
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        Object e = l.get(i);
        out.append(i);
        if (e instanceof Map<?, ?> m && m.get("name") != null) {
          out.append('=').append(m.get("name"));
        } else if (!isTree(e)) {
          out.append('=').append(e);
        }
        out.append('\n');
      }
    } else if (node != null) {
      out.append(node);
    }
    return out.toString();
  }

  /** The JSON form of a node. */
  public static String json(Object node) {
    return Json.encode(node);
  }

  private static boolean isTree(Object v) {
    return v instanceof Map<?, ?> || v instanceof List<?>;
  }
}
