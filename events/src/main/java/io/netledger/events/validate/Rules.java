package io.netledger.events.validate;

import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Collects the violations of one event, field by field. Each check names its rule in words a
 * person can act on; none stops at the first problem, so one error lists all of them.
 */
final class Rules {
  /** Identifiers become parts of record keys joined with '/', so '/' and spaces are not allowed. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  /** A name under /run/netns: what {@code ip netns add} makes, never a path of its own. */
  private static final Pattern NETNS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern NETNS_PATH = Pattern.compile(
      "(?:/var)?/run/netns/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})|/proc/[1-9][0-9]{0,9}/ns/net");
  /**
   * An IKE identity as strongSwan takes it in swanctl.conf: a DN ({@code CN=h1.netledger, O=x}), an
   * FQDN or an e-mail address. No quote, backslash, brace, '#' or control character, so it can
   * never break out of its quoted value.
   */
  private static final Pattern IKE_IDENTITY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 =,.@_:+/-]{0,254}");

  static final int MIN_BLOCK_PREFIX = 20;
  static final int MAX_BLOCK_PREFIX = 30;
  static final int MIN_POOL_PREFIX = 8;
  static final int MAX_VNI = 16_777_215;
  static final int MIN_MTU = 576;
  static final int MAX_MTU = 9000;

  private final String eventType;
  private final List<Violation> violations = new ArrayList<>();

  Rules(String eventType) {
    this.eventType = eventType;
  }

  Rules id(String field, String value) {
    if (value == null || value.isEmpty()) {
      violations.add(new Violation(field, value, "must not be empty"));
    } else if (!ID.matcher(value).matches()) {
      violations.add(new Violation(field, value,
          "must be 1..128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"));
    }
    return this;
  }

  Rules notEmpty(String field, String value) {
    if (value == null || value.isBlank()) {
      violations.add(new Violation(field, value, "must not be empty"));
    }
    return this;
  }

  /** An RFC 1123 label: a-z, 0-9 and '-', 1..63 characters, not starting or ending with '-'. */
  Rules label(String field, String value) {
    if (value == null || !LABEL.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
      violations.add(new Violation(field, value,
          "must be an RFC 1123 label (a-z, 0-9, '-', 1..63 characters, no leading or trailing '-')"));
    }
    return this;
  }

  Rules optionalLabel(String field, String value) {
    return value == null ? this : label(field, value);
  }

  /** An RFC 1123 name: dot-separated labels, at most 253 characters. */
  Rules dnsName(String field, String value) {
    boolean ok = value != null && !value.isEmpty() && value.length() <= 253 && !value.endsWith(".");
    if (ok) {
      for (String label : value.toLowerCase(Locale.ROOT).split("\\.", -1)) {
        ok &= LABEL.matcher(label).matches();
      }
    }
    if (!ok) {
      violations.add(new Violation(field, value,
          "must be an RFC 1123 name: dot-separated labels of a-z, 0-9 and '-', at most 253 characters"));
    }
    return this;
  }

  Rules ipv4(String field, String value) {
    try {
      Ipv4.parse(value);
    } catch (IllegalArgumentException e) {
      violations.add(new Violation(field, value, "must be an IPv4 address a.b.c.d"));
    }
    return this;
  }

  Rules optionalIpv4(String field, String value) {
    return value == null ? this : ipv4(field, value);
  }

  /** Returns the parsed pool, or null after recording why it is not one. */
  Cidr pool(String field, String value) {
    try {
      Cidr cidr = Cidr.parse(value);
      if (cidr.prefixLength() < MIN_POOL_PREFIX || cidr.prefixLength() > MAX_BLOCK_PREFIX) {
        violations.add(new Violation(field, value,
            "prefix length must be " + MIN_POOL_PREFIX + ".." + MAX_BLOCK_PREFIX));
        return null;
      }
      return cidr;
    } catch (IllegalArgumentException e) {
      violations.add(new Violation(field, value,
          "must be an IPv4 CIDR a.b.c.d/n with no host bits set (" + e.getMessage() + ")"));
      return null;
    }
  }

  Rules range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      violations.add(new Violation(field, value, "must be " + min + ".." + max));
    }
    return this;
  }

  Rules check(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      violations.add(new Violation(field, value, rule));
    }
    return this;
  }

  Rules netns(String field, String value) {
    if (value == null || !(NETNS_NAME.matcher(value).matches() || NETNS_PATH.matcher(value).matches())) {
      violations.add(new Violation(field, value,
          "must be a namespace name under /run/netns (letters, digits, '_', '.', '-', at most 128, starting with"
              + " a letter or digit), /run/netns/<name> or /proc/<pid>/ns/net"));
    }
    return this;
  }

  Rules ikeIdentity(String field, String value) {
    if (value == null || !IKE_IDENTITY.matcher(value).matches() || value.endsWith(" ")) {
      violations.add(new Violation(field, value,
          "must be a DN, FQDN or e-mail address of 1..255 letters, digits, spaces and = , . @ _ : + / -"
              + " (no quotes, backslashes or control characters)"));
    }
    return this;
  }

  /** A name the network's DNS will hold: at most 253 characters with its domain. */
  Rules fqdn(String field, String value, String fqdn) {
    if (fqdn.length() > 253) {
      violations.add(new Violation(field, value, "gives the name " + fqdn.substring(0, 40) + "... of "
          + fqdn.length() + " characters with the network's domain; an FQDN has at most 253"));
    }
    return this;
  }

  List<Violation> violations() {
    return List.copyOf(violations);
  }

  void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new InvalidEventException(eventType, violations);
    }
  }
}
