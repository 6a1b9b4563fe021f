package io.netledger.agent.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.calc.DesiredState;
import io.netledger.agent.calc.Slices;
import io.netledger.agent.kernel.FakeKernel;
import io.netledger.agent.kernel.KernelObject;
import io.netledger.agent.kernel.KernelState;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.LocalEndpoint;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any sequence of host-state records (networks, endpoints moving between networks, peers,
 * tombstones), applied now and then, converges: after a caught-up apply the kernel holds exactly
 * the desired objects among the agent's own, and a resync changes nothing.
 */
class ConvergenceTest {
  static final int CONTAINERS = 4;

  @Property(tries = 200)
  void anyRecordSequenceConvergesAndIsIdempotent(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 9999) Integer> ops) {
    FakeKernel kernel = new FakeKernel();
    for (int c = 0; c < CONTAINERS; c++) {
      kernel.createNamespace(Namespace.of("ns-c" + c));
    }
    Dataplane d = new Dataplane(Slices.H2, kernel);
    for (int op : ops) {
      record(d, op);
      if (op % 3 == 0) {
        d.apply(); // sometimes before catching up: nothing may be deleted then
      }
    }
    d.markCaughtUp();
    ApplyReport r = d.apply();
    assertTrue(r.clean(), r.errors()::toString);
    assertExactly(kernel, d.desiredState());

    int mutations = kernel.mutations();
    d.requestResync();
    assertTrue(d.apply().clean());
    assertEquals(mutations, kernel.mutations(), "a resync of a converged kernel changes nothing");
  }

  private static void record(Dataplane d, int op) {
    int net = (op / 7) % 2;
    int idx = (op / 14) % CONTAINERS;
    String networkId = "n" + net;
    String prefix = "10." + (50 + net) + ".";
    switch (op % 7) {
      case 0, 1 -> d.onUpdate("H2/network/" + networkId, Slices.wrap("H2",
          Slices.network(networkId, prefix + "0.0/16", 100 + net, 200 + net, prefix + "0.1")));
      case 2, 3 -> {
        LocalEndpoint e = Slices.endpoint("c" + idx, "c" + idx, "ns-c" + idx, prefix + "0." + (10 + idx), prefix + "0.1");
        e.setNetworkId(networkId);
        d.onUpdate("H2/endpoint/c" + idx, Slices.wrap("H2", e));
      }
      case 4 -> {
        var p = Slices.peer("P" + idx, "192.0.2." + (10 + idx), prefix + (1 + idx) + ".1",
            List.of(prefix + (1 + idx) + ".0/26"));
        p.setNetworkId(networkId);
        d.onUpdate("H2/peer/" + networkId + "/P" + idx, Slices.wrap("H2", p));
      }
      case 5 -> d.onUpdate("H2/endpoint/c" + idx, null);
      default -> d.onUpdate(op % 2 == 0 ? "H2/network/" + networkId : "H2/peer/" + networkId + "/P" + idx, null);
    }
  }

  /** Every desired object is there, and in the host namespace nothing of ours is there that is not desired. */
  private static void assertExactly(FakeKernel kernel, DesiredState desired) {
    desired.namespaces().forEach((ns, want) -> {
      KernelState have = kernel.read(ns);
      for (KernelObject o : want.all()) {
        KernelObject a = have.get(o.getClass(), o.key());
        assertNotNull(a, () -> ns + " lacks " + o);
        if (o instanceof Link l) {
          assertTrue(l.compatible((Link) a) && l.settled((Link) a), () -> a + " is not " + o);
        } else {
          assertEquals(o, a);
        }
      }
    });
    KernelState want = desired.in(Namespace.HOST);
    for (KernelObject a : kernel.read(Namespace.HOST).all()) {
      if (Ownership.sweepable(Namespace.HOST, a, want)) {
        assertNotNull(want.get(a.getClass(), a.key()), () -> "left behind: " + a);
      }
    }
  }
}
