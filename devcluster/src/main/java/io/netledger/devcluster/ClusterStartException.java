package io.netledger.devcluster;

import java.nio.file.Path;

/** A part of the dev cluster did not come up; the message names it and {@link #log()} is its log. */
public class ClusterStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path log;

  public ClusterStartException(String message, Path log, Throwable cause) {
    super(message, cause);
    this.log = log;
  }

  /** The failing part's log file, or null when it never got one. */
  public Path log() {
    return log;
  }
}
