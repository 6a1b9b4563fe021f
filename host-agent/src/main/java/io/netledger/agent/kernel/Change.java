package io.netledger.agent.kernel;

/** One change to a namespace. REPLACE overwrites an object of the same key in place. */
public record Change(Op op, KernelObject object) {
  public enum Op { ADD, REPLACE, DELETE }

  public static Change add(KernelObject o) {
    return new Change(Op.ADD, o);
  }

  public static Change replace(KernelObject o) {
    return new Change(Op.REPLACE, o);
  }

  public static Change delete(KernelObject o) {
    return new Change(Op.DELETE, o);
  }

  @Override
  public String toString() {
    return op + " " + object;
  }
}
