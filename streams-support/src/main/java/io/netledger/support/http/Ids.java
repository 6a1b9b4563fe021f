package io.netledger.support.http;

import java.util.regex.Pattern;

/**
 * What the query API accepts as an id in a path segment, so a malformed one is a 400 with a
 * reason rather than a store miss (404) that hides the typo.
 */
public final class Ids {
  private Ids() {}

  // Printable, no whitespace, no '/' (a path separator) and no '|' (the store's section separator).
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e&&[^/|]]{1,253}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** Null when {@code value} is a well-formed id, else the reason. */
  public static String check(String what, String value) {
    if (value == null || value.isEmpty()) {
      return what + " is empty";
    }
    return ID.matcher(value).matches() ? null
        : what + " must be 1..253 printable characters without '/', '|' or spaces: " + value;
  }

  /** RFC 1123 host name (lower case, no trailing dot). */
  public static boolean isHostname(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
