package io.netledger.events.registry;

/**
 * The registry refused a request or could not be reached.
 *
 * <p>{@link #status()} is the HTTP status (or {@link #NO_RESPONSE} when no answer came),
 * {@link #errorCode()} the registry's own {@code error_code} (Confluent codes such as 40401
 * subject not found, 40403 schema not found, 409 incompatible; {@link #NO_RESPONSE} when the body
 * had none), {@link #registryMessage()} the registry's own {@code message}, and {@link #url()}
 * the request's URL, so an operator can repeat it with curl.
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Status and error code when there was no HTTP answer (connection refused, timeout). */
  public static final int NO_RESPONSE = -1;

  private final int status;
  private final int errorCode;
  private final String registryMessage;
  private final String url;

  public SchemaRegistryException(
      String what, int status, int errorCode, String registryMessage, String url, Throwable cause) {
    super(describe(what, status, errorCode, registryMessage, url), cause);
    this.status = status;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
    this.url = url;
  }

  private static String describe(
      String what, int status, int errorCode, String registryMessage, String url) {
    StringBuilder b = new StringBuilder(what).append(" (").append(url).append("): ");
    if (status == NO_RESPONSE) {
      b.append("no response");
    } else {
      b.append("HTTP ").append(status);
      if (errorCode != NO_RESPONSE) {
        b.append(", error_code ").append(errorCode);
      }
    }
    if (registryMessage != null && !registryMessage.isBlank()) {
      b.append(": ").append(registryMessage);
    }
    return b.toString();
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }

  /** The registry's own explanation, or for a network error the cause's message. */
  public String registryMessage() {
    return registryMessage;
  }

  public String url() {
    return url;
  }

  /** True for 404: no such subject, schema or id. */
  public boolean isNotFound() {
    return status == 404;
  }

  /** True for 409: the subject's compatibility rule refused the schema. */
  public boolean isIncompatible() {
    return status == 409;
  }
}
