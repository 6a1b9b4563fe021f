package io.netledger.agent.kernel;

/** A namespace could not be read (missing namespace, missing tool, unparsable output). */
public class KernelException extends RuntimeException {
  public KernelException(String message) {
    super(message);
  }

  public KernelException(String message, Throwable cause) {
    super(message, cause);
  }
}
