package io.netledger.agent.gateway;

/**
 * The gateway did not accept an event: {@code status} is its HTTP answer (400 invalid, 401/403
 * refused, 503 the log did not acknowledge) or 0 when it was unreachable or did not answer in
 * time; the message says which, with the gateway's own reason.
 */
public final class GatewayException extends RuntimeException {
  private final int status;

  public GatewayException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, 0 when no answer came. */
  public int status() {
    return status;
  }

  /** True when the gateway refused the event itself (retrying the same request cannot help). */
  public boolean refused() {
    return status >= 400 && status < 500;
  }
}
