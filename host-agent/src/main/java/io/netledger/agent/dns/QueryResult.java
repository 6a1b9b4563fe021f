package io.netledger.agent.dns;

import java.util.Locale;

/** How a query ended; the {@code result} tag of the query counter. */
public enum QueryResult {
  /** Answered from the view: records, or NOERROR without data (+SOA) for a known name. */
  ANSWERED,
  /** A name inside the asker's domain, or a name of another network, that it may not see. */
  NXDOMAIN,
  /** Sent upstream and the upstream's answer relayed. */
  FORWARDED,
  /** ANY queries, non-IN classes inside an internal domain, and TCP connections over the server's cap. */
  REFUSED,
  /** The upstream did not answer in time, failed, or none is configured. */
  SERVFAIL,
  /** Not a parseable query (or not exactly one question). */
  FORMERR,
  /** An opcode other than QUERY. */
  NOTIMP,
  /** Dropped unanswered: its source was over its per-source rate limit (see {@link SourceRateLimit}). */
  RATE_LIMITED;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
