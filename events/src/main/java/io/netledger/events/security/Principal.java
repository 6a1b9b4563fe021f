package io.netledger.events.security;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Who a certificate of the cluster CA speaks for, and the one place that knows how a principal is
 * spelled in each system that names it: the certificate subject ({@code openssl -subj}), Java's and
 * Kafka's RFC 2253 form, strongSwan's identity, and the Kafka user the broker's
 * {@code ssl.principal.mapping.rules} turn it into.
 *
 * <pre>{@code
 * Principal h1 = Principal.host("H1");
 * h1.opensslSubject();  // /O=netledger/OU=hosts/CN=H1
 * h1.rfc2253();         // CN=H1,OU=hosts,O=netledger   (what Kafka and the JDK print)
 * h1.ikeIdentity();     // O=netledger, OU=hosts, CN=H1 (strongSwan's order; the host's ikeIdentity)
 * h1.kafkaUser();       // host-H1                       (User:host-H1 in ACLs)
 * Principal.fromSubject(cert.getSubjectX500Principal()); // Optional.of(h1)
 * }</pre>
 *
 * <p>A subject outside this shape (another CA's, another organisation, a CN with a comma) maps to
 * no principal here and, on the broker, to its full DN, which no ACL names: refused.
 */
public record Principal(Kind kind, String name) {

  /** The organisation every netledger subject carries. */
  public static final String ORGANIZATION = "netledger";

  /** A name is one RFC 1123-ish token: it ends up in a DN, a Kafka user and a file name. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,62})");

  private static final Pattern RFC2253 =
      Pattern.compile("CN=([^,]+),OU=([a-z]+),O=" + ORGANIZATION);

  /** The kinds of principal, each its own organisational unit and Kafka user prefix. */
  public enum Kind {
    /** A host's agent (and its CNI door): speaks only for its own host. */
    HOST("hosts", "host-"),
    /** allocator, mesh, gateway, audit, ui: each its own principal. */
    COMPONENT("components", ""),
    /** A person running the CLI: full input rights, reads everything. */
    OPERATOR("operators", "operator-"),
    /** An orchestrator publishing lifecycle events: full input rights. */
    ORCHESTRATOR("orchestrators", "orchestrator-");

    private final String unit;
    private final String userPrefix;

    Kind(String unit, String userPrefix) {
      this.unit = unit;
      this.userPrefix = userPrefix;
    }

    /** The OU of this kind's subjects. */
    public String unit() {
      return unit;
    }

    /** What the Kafka user of this kind starts with. */
    public String userPrefix() {
      return userPrefix;
    }

    static Optional<Kind> ofUnit(String unit) {
      for (Kind k : values()) {
        if (k.unit.equals(unit)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  public Principal {
    if (kind == null || name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a principal's name must be 1..63 of A-Z a-z 0-9 . _ - (got " + name + ")");
    }
  }

  public static Principal host(String hostId) {
    return new Principal(Kind.HOST, hostId);
  }

  public static Principal component(String name) {
    return new Principal(Kind.COMPONENT, name);
  }

  public static Principal operator(String name) {
    return new Principal(Kind.OPERATOR, name);
  }

  public static Principal orchestrator(String name) {
    return new Principal(Kind.ORCHESTRATOR, name);
  }

  /** The subject for {@code openssl req -subj}. */
  public String opensslSubject() {
    return "/O=" + ORGANIZATION + "/OU=" + kind.unit + "/CN=" + name;
  }

  /** The subject as {@link X500Principal#getName()} and Kafka's SSL principal builder print it. */
  public String rfc2253() {
    return "CN=" + name + ",OU=" + kind.unit + ",O=" + ORGANIZATION;
  }

  /** The subject as strongSwan prints and matches it (ASN.1 order): a host's ikeIdentity. */
  public String ikeIdentity() {
    return "O=" + ORGANIZATION + ", OU=" + kind.unit + ", CN=" + name;
  }

  /** The Kafka user name ({@code User:<this>} in ACLs). */
  public String kafkaUser() {
    return kind.userPrefix + name;
  }

  /** This principal as the Kafka ACL principal string. */
  public String kafkaPrincipal() {
    return "User:" + kafkaUser();
  }

  /** True when this is the host {@code hostId} (host ids compare without case, as the doors do). */
  public boolean isHost(String hostId) {
    return kind == Kind.HOST && name.toLowerCase(Locale.ROOT).equals(hostId.toLowerCase(Locale.ROOT));
  }

  /** The principal a certificate subject names, if it has this shape. */
  public static Optional<Principal> fromSubject(X500Principal subject) {
    return fromRfc2253(subject.getName(X500Principal.RFC2253));
  }

  /** The principal an RFC 2253 subject names ({@code CN=H1,OU=hosts,O=netledger}), if any. */
  public static Optional<Principal> fromRfc2253(String subject) {
    Matcher m = RFC2253.matcher(subject);
    if (!m.matches() || !NAME.matcher(m.group(1)).matches()) {
      return Optional.empty();
    }
    return Kind.ofUnit(m.group(2)).map(k -> new Principal(k, m.group(1)));
  }

  /**
   * The broker's {@code ssl.principal.mapping.rules}: each kind's subjects to its Kafka user; any
   * other subject stays its full DN (DEFAULT), which no ACL names.
   */
  public static String kafkaMappingRules() {
    StringBuilder rules = new StringBuilder();
    for (Kind k : Kind.values()) {
      rules.append("RULE:^CN=([A-Za-z0-9][A-Za-z0-9._-]{0,62}),OU=").append(k.unit).append(",O=")
          .append(ORGANIZATION).append("$/").append(k.userPrefix).append("$1/,");
    }
    return rules.append("DEFAULT").toString();
  }

  @Override
  public String toString() {
    return kafkaPrincipal();
  }
}
