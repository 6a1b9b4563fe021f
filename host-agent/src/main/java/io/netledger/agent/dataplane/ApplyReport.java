package io.netledger.agent.dataplane;

import io.netledger.agent.kernel.Change;
import io.netledger.agent.kernel.Namespace;
import java.util.List;

/**
 * What one {@code apply()} did: kernel changes made, objects that failed (they stay dirty and are
 * retried), deletions held back because the agent is not caught up yet, and slices the
 * calculation could not program. Feeds agent-status.
 */
public record ApplyReport(int changes, List<ObjectError> errors, int deferredDeletes, List<String> problems) {
  public static final ApplyReport NOTHING = new ApplyReport(0, List.of(), 0, List.of());

  public ApplyReport {
    errors = List.copyOf(errors);
    problems = List.copyOf(problems);
  }

  /** One object that could not be programmed, with where and why. */
  public record ObjectError(Namespace namespace, Change change, String message) {
    @Override
    public String toString() {
      return namespace + ": " + change + ": " + message;
    }
  }

  public boolean clean() {
    return errors.isEmpty();
  }
}
