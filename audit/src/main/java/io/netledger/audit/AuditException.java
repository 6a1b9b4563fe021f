package io.netledger.audit;

/**
 * A failure the user can act on (broker unreachable, no decision log, an address nobody held),
 * with the exit code the command ends with: 1 for runtime failures, 2 for bad input.
 */
public final class AuditException extends RuntimeException {
  private final int exitCode;

  public AuditException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public AuditException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
