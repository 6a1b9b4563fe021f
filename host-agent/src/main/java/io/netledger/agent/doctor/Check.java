package io.netledger.agent.doctor;

/** One line of {@code netledger doctor}: a verdict, what was checked, and why or how to fix it. */
public record Check(Verdict verdict, String what, String detail) {
  /** ok: usable; warn: works but worth knowing; fail: something netledger needs is missing. */
  public enum Verdict { OK, WARN, FAIL }

  public static Check ok(String what, String detail) {
    return new Check(Verdict.OK, what, detail);
  }

  public static Check warn(String what, String detail) {
    return new Check(Verdict.WARN, what, detail);
  }

  public static Check fail(String what, String detail) {
    return new Check(Verdict.FAIL, what, detail);
  }

  public boolean failed() {
    return verdict == Verdict.FAIL;
  }
}
