package io.netledger.agent.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.calc.DesiredState;
import io.netledger.agent.calc.Owned;
import io.netledger.agent.calc.Slices;
import io.netledger.agent.kernel.FakeKernel;
import io.netledger.agent.kernel.Family;
import io.netledger.agent.kernel.KernelObject;
import io.netledger.agent.kernel.KernelState;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.agent.kernel.Neighbour;
import io.netledger.agent.kernel.Route;
import io.netledger.agent.kernel.Rule;
import io.netledger.avro.HostStateSlice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dataplane over the stateful fake kernel: assertions are on the final kernel state. */
class DataplaneTest {
  static final Namespace MONGO = Namespace.of("mongo");
  static final Namespace HUBOT = Namespace.of("hubot");
  static final String HUBOT_VETH = Owned.vethName("c-hubot");

  FakeKernel kernel;
  Map<String, HostStateSlice> seed;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel().createNamespace(MONGO).createNamespace(HUBOT);
    seed = Slices.h2("mongo", "hubot");
  }

  Dataplane agent(Map<String, HostStateSlice> slices, boolean caughtUp) {
    Dataplane d = new Dataplane(Slices.H2, kernel);
    slices.forEach(d::onUpdate);
    if (caughtUp) {
      d.markCaughtUp();
    }
    return d;
  }

  /** Every desired object is in the kernel with the desired settings. */
  void assertProgrammed(DesiredState desired) {
    desired.namespaces().forEach((ns, want) -> {
      KernelState have = kernel.read(ns);
      for (KernelObject o : want.all()) {
        KernelObject a = have.get(o.getClass(), o.key());
        assertNotNull(a, () -> ns + " lacks " + o);
        if (o instanceof Link l) {
          assertTrue(l.compatible((Link) a) && l.settled((Link) a), () -> ns + ": " + a + " is not " + o);
        } else {
          assertEquals(o, a, ns.toString());
        }
      }
    });
  }

  @Test
  void seedIsProgrammedAndASecondApplyChangesNothing() {
    Dataplane d = agent(seed, true);
    ApplyReport r = d.apply();
    assertTrue(r.clean(), r.errors()::toString);
    assertProgrammed(d.desiredState());
    assertEquals(Link.Kind.VETH, kernel.read(MONGO).get(Link.class, "eth0").kind());

    int before = kernel.mutations();
    d.requestResync();
    assertTrue(d.apply().clean());
    assertEquals(before, kernel.mutations());
  }

  @Test
  void aFailedObjectLeavesTheOthersAppliedAndIsRetriedOnTheNextApply() {
    Route hubotRoute = Route.direct(100, "10.42.0.67/32", HUBOT_VETH, Owned.ROUTE_PROTOCOL);
    kernel.failNext(Namespace.HOST, hubotRoute);
    Dataplane d = agent(seed, true);

    ApplyReport first = d.apply();
    assertEquals(1, first.errors().size(), first.errors()::toString);
    assertEquals(hubotRoute, first.errors().get(0).change().object());
    assertEquals(new io.netledger.avro.ObjectError("route", "host table 100 10.42.0.67/32", "ADD: injected failure"),
        first.avroErrors().get(0));
    KernelState host = kernel.read(Namespace.HOST);
    assertNull(host.get(Route.class, hubotRoute.key()));
    assertNotNull(host.get(Route.class, List.of(100, "10.42.0.66/32")));
    assertNotNull(host.get(Route.class, List.of(100, "10.42.0.0/26")));
    assertNotNull(host.get(Rule.class, Rule.incoming(Family.INET, 20100, HUBOT_VETH, 100)));

    ApplyReport second = d.apply(); // nothing new recorded: the failure alone makes it retry
    assertTrue(second.clean(), second.errors()::toString);
    assertEquals(1, second.changes());
    assertProgrammed(d.desiredState());
  }

  @Test
  void aFailureInAContainerNamespaceIsRetriedToo() {
    kernel.failNext(HUBOT, new io.netledger.agent.kernel.Address("eth0", "10.42.0.67/16"));
    Dataplane d = agent(seed, true);
    assertEquals(1, d.apply().errors().size());
    assertTrue(d.apply().clean());
    assertProgrammed(d.desiredState());
  }

  @Test
  void aRestartedAgentRecognisesItsObjectsAndChangesNothing() {
    agent(seed, true).apply();
    int before = kernel.mutations();

    Dataplane restarted = agent(seed, false);
    ApplyReport beforeCaughtUp = restarted.apply();
    restarted.markCaughtUp();
    ApplyReport after = restarted.apply();
    assertTrue(beforeCaughtUp.clean() && after.clean());
    assertEquals(0, beforeCaughtUp.deferredDeletes() + after.changes());
    assertEquals(before, kernel.mutations());
  }

  @Test
  void foreignObjectsAreNeverTouched() {
    Link eth1 = new Link("eth1", Link.Kind.OTHER, 1500, "02:00:00:00:00:99", true, null, null);
    Route foreignInOurTable = Route.direct(100, "192.168.5.0/24", "eth1", 4);
    Route foreignMain = Route.onlinkVia(254, "0.0.0.0/0", "192.0.2.254", "eth1", 3);
    Rule foreignRule = Rule.incoming(Family.INET, 1000, "eth1", 100);
    Neighbour foreignNeigh = new Neighbour("eth1", "192.0.2.254", "02:00:00:00:00:fe");
    // A route with a key the agent wants, held by someone else: reported, never overwritten.
    Route squatter = Route.direct(100, "10.42.0.66/32", "eth1", 3);
    for (KernelObject o : List.of(eth1, foreignInOurTable, foreignMain, foreignRule, foreignNeigh, squatter)) {
      kernel.put(Namespace.HOST, o);
    }
    Dataplane d = agent(seed, true);
    ApplyReport r = d.apply();
    assertEquals(1, r.errors().size(), r.errors()::toString);

    seed.keySet().forEach(k -> d.onUpdate(k, null)); // everything tombstoned: the agent sweeps all its own
    d.apply();
    KernelState host = kernel.read(Namespace.HOST);
    assertEquals(new KernelState(List.of(eth1, foreignInOurTable, foreignMain, foreignRule, foreignNeigh, squatter,
        new io.netledger.agent.kernel.Sysctl("net.ipv4.ip_forward", "1"), // set, never reverted
        new io.netledger.agent.kernel.Sysctl("net.ipv4.icmp_errors_use_inbound_ifaddr", "1"))),
        host);
  }

  @Test
  void nothingIsDeletedBeforeCaughtUpAndTombstonesAreSweptAfter() {
    agent(seed, true).apply();
    Map<String, HostStateSlice> partial = new java.util.LinkedHashMap<>(seed);
    partial.remove("H2/endpoint/c-hubot"); // not read yet after a restart: its absence means nothing
    partial.remove("H2/peer/managed/H1");

    Dataplane restarted = agent(partial, false);
    ApplyReport r = restarted.apply();
    assertTrue(r.clean());
    assertTrue(r.deferredDeletes() > 0);
    assertNotNull(kernel.read(Namespace.HOST).get(Link.class, HUBOT_VETH));
    assertNotNull(kernel.read(Namespace.HOST).get(Route.class, List.of(100, "10.42.0.0/26")));

    // Caught up, and the log really says hubot and H1 are gone.
    restarted.onUpdate("H2/endpoint/c-hubot", null);
    restarted.onUpdate("H2/peer/managed/H1", null);
    restarted.markCaughtUp();
    assertTrue(restarted.apply().clean());
    KernelState host = kernel.read(Namespace.HOST);
    assertNull(host.get(Link.class, HUBOT_VETH));
    assertNull(host.get(Route.class, List.of(100, "10.42.0.67/32")));
    assertNull(host.get(Rule.class, Rule.incoming(Family.INET, 20100, HUBOT_VETH, 100)));
    assertNull(host.get(Route.class, List.of(100, "10.42.0.0/26")));
    assertNull(host.get(Neighbour.class, List.of("nlx42", "10.42.0.1")));
    assertTrue(host.of(io.netledger.agent.kernel.FdbEntry.class).isEmpty());
    assertNull(kernel.read(HUBOT).get(Link.class, "eth0"), "the container side goes with the pair");
    assertProgrammed(restarted.desiredState());
  }

  @Test
  void anIncompatibleDeviceIsRecreatedAndDriftIsRepaired() {
    kernel.put(Namespace.HOST, Link.vxlan("nlx42", 1500, "02:00:00:00:00:01",
        new Link.Vxlan(42, "192.0.2.99", 4789, true, null)));
    Dataplane d = agent(seed, true);
    assertTrue(d.apply().clean());
    assertProgrammed(d.desiredState());

    kernel.remove(Namespace.HOST, Route.direct(100, "10.42.0.66/32", Owned.vethName("c-mongo"), 211));
    kernel.remove(MONGO, Link.vethEnd("eth0", 1400, null)); // the pair is gone: veth recreated
    d.requestResync();
    assertTrue(d.apply().clean());
    assertProgrammed(d.desiredState());
  }

  @Test
  void anEndpointWhoseNamespaceIsMissingFailsAloneAndIsRetried() {
    kernel = new FakeKernel().createNamespace(MONGO);
    Dataplane d = agent(seed, true);
    ApplyReport r = d.apply();
    assertTrue(r.errors().stream().allMatch(e -> e.toString().contains("hubot") || e.toString().contains(HUBOT_VETH)),
        r.errors()::toString);
    assertNotNull(kernel.read(MONGO).get(Link.class, "eth0"));
    kernel.createNamespace(HUBOT);
    assertTrue(d.apply().clean());
    assertProgrammed(d.desiredState());
  }

  @Test
  void aSmallChangeIsAppliedWithoutReadingTheKernelBack() {
    Dataplane d = agent(seed, true);
    assertTrue(d.apply().clean());
    int reads = kernel.reads();
    d.onUpdate("H2/peer/managed/H3", Slices.wrap("H2",
        Slices.peer("H3", "192.0.2.3", "10.42.0.129", List.of("10.42.0.128/26"))));
    ApplyReport r = d.apply();
    assertTrue(r.clean(), r.errors()::toString);
    assertEquals(3, r.changes());
    assertEquals(reads, kernel.reads());
    assertProgrammed(d.desiredState());

    reads = kernel.reads();
    d.onUpdate("H2/peer/managed/H3", null); // and removed again, still from the cache
    assertEquals(3, d.apply().changes());
    assertEquals(reads, kernel.reads());
    assertNull(kernel.read(Namespace.HOST).get(Route.class, List.of(100, "10.42.0.128/26")));
  }

  @Test
  void aContainerNamespaceThatIsTheHostsOwnIsRefusedAndTheRestProgrammed() {
    Namespace hostAlias = Namespace.of("/proc/1/ns/net");
    kernel.aliasOfHost(hostAlias);
    Map<String, HostStateSlice> slices = new java.util.LinkedHashMap<>(seed);
    slices.put("H2/endpoint/c-evil", Slices.wrap("H2", Slices.endpoint("c-evil", "evil", "/proc/1/ns/net",
        "10.42.0.90", "10.42.0.65")));
    Dataplane d = agent(slices, true);
    ApplyReport r = d.apply();
    assertTrue(r.errors().stream().anyMatch(e -> e.toString().contains("host's own network namespace")),
        r.errors()::toString);
    assertNull(kernel.read(Namespace.HOST).get(Link.class, Owned.vethName("c-evil")), "no veth into the host itself");
    assertEquals(Link.Kind.VETH, kernel.read(MONGO).get(Link.class, "eth0").kind(), "the rest is programmed");
  }

  @Test
  void aMissingNamespaceIsRetriedWithBackoffNotOnEveryPoll() {
    long[] now = {0};
    FakeKernel k = new FakeKernel().createNamespace(MONGO); // hubot's namespace does not exist yet
    Dataplane d = new Dataplane(Slices.H2, k, () -> now[0]);
    seed.forEach(d::onUpdate);
    d.markCaughtUp();
    assertTrue(!d.apply().clean());
    int tries = 1;
    for (int i = 0; i < 100; i++) { // 10 s of polls every 100 ms
      now[0] += 100_000_000L;
      if (d.apply() != ApplyReport.NOTHING) {
        tries++;
      }
    }
    assertTrue(tries >= 3 && tries <= 10, "retried " + tries + " times in 10 s");
    k.createNamespace(HUBOT);
    now[0] += Dataplane.MAX_RETRY_NANOS;
    assertTrue(d.apply().clean(), "once it exists the next retry programs it");
    d.onUpdate("H2/endpoint/c-hubot", seed.get("H2/endpoint/c-hubot"));
    assertTrue(d.apply() != ApplyReport.NOTHING, "a new record applies at once");
  }
}
