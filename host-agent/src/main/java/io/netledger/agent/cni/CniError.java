package io.netledger.agent.cni;

/**
 * A CNI error (spec "Error" result): {@code code} 1..99 are the spec's well-known codes, 100 and up
 * are netledger's own (see the constants); {@code msg} is for people, {@code details} for logs.
 */
public final class CniError extends RuntimeException {
  /** Spec: incompatible CNI version. */
  public static final int INCOMPATIBLE_VERSION = 1;
  /** Spec: failed to decode content (the request or the configuration is not what CNI sends). */
  public static final int DECODE = 6;
  /** Spec: invalid network config. */
  public static final int INVALID_CONFIG = 7;
  /** Spec: invalid environment variables (CNI_*). */
  public static final int INVALID_ENV = 4;
  /** Spec: try again later. */
  public static final int TRY_AGAIN = 11;
  /** Spec 1.1: the plugin is not available (STATUS). */
  public static final int NOT_AVAILABLE = 50;
  /** The local agent cannot be reached on its socket. */
  public static final int AGENT_UNREACHABLE = 100;
  /** The log refused the container's event (allocator rejection, e.g. network exhausted). */
  public static final int REJECTED = 101;
  /** The agent did not program the container in time. */
  public static final int NOT_PROGRAMMED = 102;
  /** The log did not acknowledge the event. */
  public static final int PUBLISH_FAILED = 103;
  /** CHECK found the kernel differing from what the control plane decided. */
  public static final int CHECK_FAILED = 104;
  /** A request netledger cannot honour (e.g. a chosen MAC: MACs derive from addresses). */
  public static final int UNSUPPORTED = 105;
  /** The gateway refused the event (403: this host may not publish it, or 400/401). */
  public static final int FORBIDDEN = 106;

  private final int code;
  private final String details;

  public CniError(int code, String msg, String details) {
    super(msg, null, false, false);
    this.code = code;
    this.details = details == null ? "" : details;
  }

  public int code() {
    return code;
  }

  public String details() {
    return details;
  }
}
