package io.netledger.devcluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of each child server: {@code ParentWatch <parentPid> <mainClass> <args...>}
 * runs {@code mainClass} and exits the JVM (running the server's own shutdown hooks) as soon as
 * the parent process is gone.
 *
 * <p>Why: shutdown hooks cover Ctrl-C and SIGTERM, but a parent killed with SIGKILL (an IDE's
 * stop button, surefire's fork timeout) runs none, and orphaned servers would keep their ports
 * and memory on a shared machine. Uses only the JDK, so it also runs on the registry's Java with
 * the registry's classpath.
 */
public final class ParentWatch {
  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    long parentPid = Long.parseLong(args[0]);
    ProcessHandle parent = ProcessHandle.of(parentPid).orElse(null);
    if (parent == null || !parent.isAlive()) {
      System.err.println("netledger: parent process " + parentPid + " is gone; not starting " + args[1]);
      System.exit(3);
    }
    parent.onExit().thenRun(() -> {
      System.err.println("netledger: parent process " + parentPid + " exited; shutting down");
      System.exit(2);
    });
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
