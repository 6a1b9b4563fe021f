package io.netledger.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake imitates the kernel's refusals and cascades that the driver depends on. */
class FakeKernelTest {
  static final Namespace C = Namespace.of("c1");
  final FakeKernel k = new FakeKernel().createNamespace(C);
  final Link veth = Link.veth("nlv1", 1400, new Link.VethPeer(C, "eth0", "0a:58:0a:2a:00:02"));

  @Test
  void aVethPairSpansTwoNamespacesAndDiesTogether() {
    assertTrue(k.apply(Namespace.HOST, List.of(Change.add(veth))).get(0).ok());
    Link far = k.read(C).get(Link.class, "eth0");
    assertEquals(Link.Kind.VETH, far.kind());
    assertEquals("0a:58:0a:2a:00:02", far.mac());
    assertTrue(!far.up(), "the far end starts down, as in the kernel");
    assertNull(k.read(Namespace.HOST).get(Link.class, "nlv1").peer(), "reads cannot see where the peer is");

    k.apply(Namespace.HOST, List.of(Change.add(Route.direct(100, "10.42.0.2/32", "nlv1", 211))));
    k.apply(C, List.of(Change.add(new Address("eth0", "10.42.0.2/16"))));
    k.remove(C, far);
    assertEquals(0, k.read(C).size());
    assertEquals(0, k.read(Namespace.HOST).size(), "host side and its route went with it");
  }

  @Test
  void refusalsAndStatusesMatchTheKernel() {
    Route r = Route.direct(100, "10.42.0.2/32", "nlv1", 211);
    List<Result> results = k.apply(Namespace.HOST, List.of(
        Change.add(r),                                      // no device yet
        Change.add(new Link("nlv1", Link.Kind.VETH, 1400, null, false, new Link.VethPeer(C, "eth0", null), null)),
        Change.add(r),                                      // device down
        Change.replace(Link.veth("nlv1", 1400, null)),      // up
        Change.add(r),
        Change.add(r),                                      // twice
        Change.delete(Route.direct(100, "10.9.9.9/32", "nlv1", 211))));
    assertEquals(List.of(Result.Status.FAILED, Result.Status.OK, Result.Status.FAILED, Result.Status.OK,
        Result.Status.OK, Result.Status.EXISTS, Result.Status.NOT_FOUND),
        results.stream().map(Result::status).toList(), results::toString);
    assertThrows(KernelException.class, () -> k.read(Namespace.of("missing")));
  }

  @Test
  void anInjectedFailureHitsTheNextOperationOnThatObjectOnly() {
    k.failNext(Namespace.HOST, veth);
    Result first = k.apply(Namespace.HOST, List.of(Change.add(veth))).get(0);
    assertEquals(Result.Status.FAILED, first.status());
    assertNull(k.read(Namespace.HOST).get(Link.class, "nlv1"));
    assertTrue(k.apply(Namespace.HOST, List.of(Change.add(veth))).get(0).ok());
    assertNotNull(k.read(Namespace.HOST).get(Link.class, "nlv1"));
  }
}
