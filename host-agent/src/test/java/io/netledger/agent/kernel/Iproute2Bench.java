package io.netledger.agent.kernel;

import io.netledger.agent.calc.HostConfig;
import io.netledger.agent.calc.Slices;
import io.netledger.agent.dataplane.ApplyReport;
import io.netledger.agent.dataplane.Dataplane;
import io.netledger.events.net.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects programmed per second through the iproute2 driver, in namespaces of its own (root only).
 * Part 0: time to read back a small (container-like) namespace.
 * Part 1: the kernel driver alone, N permanent neighbours then N onlink routes via them, one batch each.
 * Part 2: the whole dataplane (calc, diff, driver) for N peers of one network (a neighbour, an
 * FDB entry and a block route each), then a no-change resync (read back + diff), then one peer more.
 *
 * <pre>
 * mvn -B -o -q -pl host-agent -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/nl-cp.txt
 * java -cp host-agent/target/test-classes:host-agent/target/classes:$(cat /tmp/nl-cp.txt) \
 *   io.netledger.agent.kernel.Iproute2Bench 10000
 * </pre>
 */
public final class Iproute2Bench {
  private Iproute2Bench() {}

  public static void main(String[] args) {
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.util,org.apache.avro,io.netledger");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    String why = TestNet.unavailable();
    if (why != null) {
      System.out.println("skipped: " + why);
      return;
    }
    try (TestNet net = new TestNet()) {
      smallReads(net.namespace("bench0"));
      driverOnly(net.namespace("bench1"), n);
      dataplane(net.namespace("bench2"), n);
    }
  }

  /** A resync reads every container namespace: the cost of reading a small one. */
  static void smallReads(String ns) {
    Iproute2Kernel k = Iproute2Kernel.forHostNamespace(ns);
    int reads = 100;
    k.read(Namespace.HOST);
    long t0 = System.nanoTime();
    for (int i = 0; i < reads; i++) {
      k.read(Namespace.HOST);
    }
    System.out.printf("driver: read of a small namespace: %.1f ms%n", (System.nanoTime() - t0) / 1e6 / reads);
  }

  static void driverOnly(String ns, int n) {
    Iproute2Kernel k = Iproute2Kernel.forHostNamespace(ns);
    check(k.apply(Namespace.HOST, List.of(Change.add(Link.vxlan("nlx9", 1400, "0a:58:0a:00:00:01",
        new Link.Vxlan(9, "192.0.2.1", 4789, false, null))))));
    List<Change> routes = new ArrayList<>();
    List<Change> neighbours = new ArrayList<>();
    Ipv4 base = Ipv4.parse("10.128.0.0");
    for (int i = 0; i < n; i++) {
      String gw = "10.64." + (i / 250) + "." + (i % 250 + 1);
      neighbours.add(Change.add(new Neighbour("nlx9", gw, String.format("0a:58:0a:40:%02x:%02x", i >> 8 & 0xff, i & 0xff))));
      routes.add(Change.add(Route.onlinkVia(100, base.plus(64L * i) + "/26", gw, "nlx9", 211)));
    }
    report("driver: " + n + " permanent neighbours (ip -batch)", n, () -> check(k.apply(Namespace.HOST, neighbours)));
    report("driver: " + n + " onlink routes (ip -batch)", n, () -> check(k.apply(Namespace.HOST, routes)));
    long t0 = System.nanoTime();
    KernelState st = k.read(Namespace.HOST);
    System.out.printf("driver: read back %d objects in %.3f s%n", st.size(), (System.nanoTime() - t0) / 1e9);
  }

  static void dataplane(String ns, int n) {
    Dataplane d = new Dataplane(new HostConfig("H2", Slices.H2_UNDERLAY, null), Iproute2Kernel.forHostNamespace(ns));
    d.onUpdate("H2/network/managed", Slices.wrap("H2", Slices.network("10.42.0.65")));
    for (int i = 0; i < n; i++) {
      d.onUpdate("H2/peer/managed/P" + i, peer(i));
    }
    d.markCaughtUp();
    int objects = d.desiredState().in(Namespace.HOST).size();
    report("dataplane: first apply, " + n + " peers = " + objects + " objects", objects, () -> checkReport(d.apply()));
    d.requestResync();
    report("dataplane: resync with nothing to change (read back + diff), " + objects + " objects", objects,
        () -> checkReport(d.apply()));
    d.onUpdate("H2/peer/managed/P" + n, peer(n));
    report("dataplane: one peer added to " + n + " (3 objects)", 3, () -> checkReport(d.apply()));
  }

  private static io.netledger.avro.HostStateSlice peer(int i) {
    String underlay = "198.18." + (i / 250) + "." + (i % 250 + 1);
    String tunnel = Ipv4.parse("10.64.0.0").plus(i + 1L).toString();
    String block = Ipv4.parse("10.128.0.0").plus(64L * i) + "/26";
    return Slices.wrap("H2", Slices.peer("P" + i, underlay, tunnel, List.of(block)));
  }

  private static void report(String what, int objects, Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%s: %.3f s, %.0f objects/s%n", what, s, objects / s);
  }

  private static void check(List<Result> results) {
    results.stream().filter(r -> !r.ok()).findFirst().ifPresent(r -> {
      throw new IllegalStateException(r.toString());
    });
  }

  private static void checkReport(ApplyReport r) {
    if (!r.clean()) {
      throw new IllegalStateException(r.errors().subList(0, Math.min(5, r.errors().size())).toString());
    }
  }
}
