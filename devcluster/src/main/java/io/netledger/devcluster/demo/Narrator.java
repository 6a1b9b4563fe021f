package io.netledger.devcluster.demo;

import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.Shell;
import java.io.PrintWriter;

/** Prints the demo's story: headings, the command a person would type, and what it printed. */
final class Narrator {
  private final PrintWriter out;

  Narrator(PrintWriter out) {
    this.out = out;
  }

  void heading(String text) {
    out.println();
    out.println("== " + text);
    out.flush();
  }

  void say(String text) {
    out.println(text);
    out.flush();
  }

  void progress(String text) {
    out.println("   .. " + text);
    out.flush();
  }

  /** Runs a command inside a container's namespace and shows it as a person would type it. */
  Shell.Result inContainer(String container, String... command) {
    String ns = NetnsWorld.containerNs(container);
    out.println("$ ip netns exec " + ns + " " + String.join(" ", command));
    Shell.Result r = Shell.inNetns(ns, 30, command);
    r.output().lines().forEach(l -> out.println("  " + l));
    out.flush();
    return r;
  }

  PrintWriter out() {
    return out;
  }
}
