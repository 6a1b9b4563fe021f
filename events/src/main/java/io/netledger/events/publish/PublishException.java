package io.netledger.events.publish;

/**
 * The log did not acknowledge an event (broker unreachable within the timeout, registry down, an
 * incompatible schema). The message names the address that failed. Nothing was acknowledged, so
 * the caller may retry with the same eventId.
 */
public final class PublishException extends RuntimeException {
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
