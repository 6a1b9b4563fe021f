package io.netledger.agent.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the agent's partition may hold that no honest mesh writes: a bad slice becomes a problem
 * of its own object and the rest of the host is still computed; nothing throws.
 */
class HostileSlicesTest {
  private static List<HostStateSlice> seedWith(String key, HostStateSlice bad) {
    Map<String, HostStateSlice> m = new java.util.TreeMap<>(Slices.h2("mongo", "hubot"));
    m.put(key, bad);
    return new ArrayList<>(m.values());
  }

  private static HostStateSlice endpoint(LocalEndpoint e) {
    return Slices.wrap("H2", e);
  }

  @Test
  void aBadEndpointCostsItsOwnObjectsOnly() {
    for (String netns : List.of("", " ", "/etc/passwd", "/proc/1/ns/../../x", "a\nb", "/run/netns/../x")) {
      LocalEndpoint e = Slices.endpoint("c-bad", "bad", netns, "10.42.0.99", "10.42.0.65");
      DesiredState d = DesiredState.from(Slices.H2, seedWith("H2/endpoint/c-bad", endpoint(e)));
      assertTrue(d.problems().stream().anyMatch(p -> p.startsWith("endpoint c-bad refused")), netns + ": " + d.problems());
      assertTrue(d.in(Namespace.HOST).get(Link.class, Owned.vethName("c-mongo")) != null, "the rest is applied");
      assertTrue(d.in(Namespace.HOST).get(Link.class, Owned.vethName("c-bad")) == null);
    }
  }

  @Test
  void newlinesAndHostileStringsNeverBecomeObjects() {
    LocalEndpoint e = Slices.endpoint("c-x", "x", "nlc-x", "10.42.0.99", "10.42.0.65");
    e.setInterfaceName("eth0\nlink del eth0");
    DesiredState d = DesiredState.from(Slices.H2, seedWith("H2/endpoint/c-x", endpoint(e)));
    assertTrue(d.problems().stream().anyMatch(p -> p.contains("control character")), d.problems().toString());
    assertTrue(d.namespaces().keySet().stream().noneMatch(ns -> ns.ref().contains("nlc-x")));

    Peer p = Slices.peer("H9", "192.0.2.9", "10.42.0.129", List.of("10.42.0.128/26"));
    p.setIkeIdentity("CN=h9\" }\nconnections { evil");
    DesiredState d2 = DesiredState.from(Slices.H2, seedWith("H2/peer/managed/H9", Slices.wrap("H2", p)));
    assertTrue(d2.problems().stream().anyMatch(x -> x.startsWith("peer H9")), d2.problems().toString());
    for (var ns : d2.namespaces().values()) {
      assertFalse(ns.all().toString().contains("10.42.0.128/26"), "no route to the refused peer's block");
    }
  }

  @Test
  void incompleteOrWrongSlicesNeverThrow() {
    List<HostStateSlice> bad = new ArrayList<>();
    bad.add(null);
    bad.add(new HostStateSlice());
    HostStateSlice noBody = Slices.wrap("H2", Slices.endpoint("c-y", "y", "nlc-y", "10.42.0.98", "10.42.0.65"));
    noBody.setSlice(null);
    bad.add(noBody);
    LocalEndpoint notAnIp = Slices.endpoint("c-z", "z", "nlc-z", "10.42.0.96", "10.42.0.65");
    notAnIp.setIp("not-an-ip");
    bad.add(endpoint(notAnIp));
    bad.add(endpoint(Slices.endpoint("c-w", "w", "nlc-w", "10.42.0.97", "10.42.0.65")));
    bad.get(bad.size() - 1).setHostId("H2/../H1");
    List<HostStateSlice> all = new ArrayList<>(Slices.h2("mongo", "hubot").values());
    all.addAll(bad);
    DesiredState d = DesiredState.from(Slices.H2, all);
    assertEquals(5, d.problems().size(), d.problems().toString());
    assertTrue(d.in(Namespace.of("mongo")).size() > 0, "the seed's endpoints are still computed");
  }
}
