package io.netledger.agent.kernel;

/**
 * What became of one {@link Change}. EXISTS and NOT_FOUND are kept apart from FAILED because the
 * driver treats "already exists" after a read and "not found" on delete as success.
 */
public record Result(Change change, Status status, String message) {
  public enum Status { OK, EXISTS, NOT_FOUND, FAILED }

  public static Result ok(Change c) {
    return new Result(c, Status.OK, "");
  }

  public boolean ok() {
    return status == Status.OK;
  }
}
