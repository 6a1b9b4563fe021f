package io.netledger.agent.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netledger.agent.calc.Slices;
import io.netledger.agent.kernel.FakeKernel;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the partition holds besides the seed (hostile strings in any field of any slice kind,
 * tombstones, slices for namespaces that do not exist or are the host's own), the dataplane on the
 * fake kernel never throws and the seed's containers are still programmed.
 */
class HostileSlicesPropertyTest {
  static final String[] HOSTILE = {"", " ", "a\nb", "x\u0000", "../../etc", "/proc/1/ns/net", "/etc/passwd",
      "eth0 down", "10.42.0.300", "zz:zz", "x".repeat(300), "CN=a\" }", "nlc-missing", "/run/netns/../x"};

  record Bad(String key, HostStateSlice slice) {}

  @Property(tries = 300)
  void theLoopsDataplaneSurvivesAnySlices(@ForAll("hostile") List<Bad> bad) {
    FakeKernel kernel = new FakeKernel().createNamespace(Namespace.of("mongo")).createNamespace(Namespace.of("hubot"))
        .aliasOfHost(Namespace.of("/proc/1/ns/net"));
    Dataplane d = new Dataplane(Slices.H2, kernel);
    Slices.h2("mongo", "hubot").forEach(d::onUpdate);
    for (Bad b : bad) {
      d.onUpdate(b.key(), b.slice());
    }
    d.markCaughtUp();
    d.apply();
    d.apply();
    assertNotNull(kernel.read(Namespace.of("mongo")).get(Link.class, "eth0"), "the seed is still programmed");
    assertEquals(Link.Kind.VETH, kernel.read(Namespace.of("hubot")).get(Link.class, "eth0").kind());
  }

  @Provide
  Arbitrary<List<Bad>> hostile() {
    Arbitrary<String> h = Arbitraries.oneOf(Arbitraries.of(HOSTILE), Arbitraries.strings().ofMaxLength(20));
    Arbitrary<Bad> endpoint = Combinators.combine(h, h, h, h).as((id, ns, ip, ifname) -> {
      LocalEndpoint e = Slices.endpoint("c-" + Math.abs(id.hashCode() % 7), "x", ns, "10.42.0.90", "10.42.0.65");
      if (id.length() % 3 == 0) {
        e.setIp(ip);
      }
      if (id.length() % 4 == 1) {
        e.setInterfaceName(ifname);
      }
      return new Bad("H2/endpoint/" + e.getContainerId(), Slices.wrap("H2", e));
    });
    Arbitrary<Bad> peer = Combinators.combine(h, h, h).as((id, ip, ike) -> {
      Peer p = Slices.peer("H" + Math.abs(id.hashCode() % 5 + 3), "192.0.2.9", "10.42.0.129", List.of("10.42.0.128/26"));
      p.setIkeIdentity(ike);
      if (id.length() % 2 == 0) {
        p.setUnderlayIp(ip);
      }
      return new Bad("H2/peer/managed/" + p.getHostId(), Slices.wrap("H2", p));
    });
    Arbitrary<Bad> network = Combinators.combine(h, h).as((id, v) -> {
      NetworkOnHost n = Slices.network("n-" + Math.abs(id.hashCode() % 3), "10.50.0.0/16", 50, 150, "10.50.0.1");
      if (v.length() % 2 == 0) {
        n.setDnsDomain(v);
      } else {
        n.setTunnelMac(v);
      }
      return new Bad("H2/network/" + n.getNetworkId(), Slices.wrap("H2", n));
    });
    Arbitrary<Bad> tombstone = h.map(k -> new Bad("H2/endpoint/" + k, null));
    return Arbitraries.oneOf(endpoint, peer, network, tombstone).list().ofMaxSize(12);
  }
}
