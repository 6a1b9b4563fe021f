package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Random logs over a few networks, hosts, blocks and containers, in any order (registrations
 * late, removals early, addresses moving between hosts and networks), replayed one record per
 * delta or in random batches. After every delta, what each agent holds from the compacted topic
 * must equal the image's full state for that host (so no change is missed and no stale slice is
 * left), generations advance by one per record, and the image survives a round trip.
 */
class RandomLogPropertyTest {
  static final String[] NETS = {"red", "blue"};
  static final String[] HOSTS = {"H1", "H2", "H3"};

  @Property(tries = 500)
  void whatAgentsHoldAlwaysEqualsTheImage(
      @ForAll("logs") List<int[]> ops,
      @ForAll @IntRange(min = 1, max = 6) int batchSize) {
    MeshLog log = new MeshLog();
    int inBatch = 0;
    for (int[] x : ops) {
      if (batchSize > 1 && inBatch == 0) {
        log.batch();
      }
      apply(log, x);
      if (batchSize > 1 && ++inBatch == batchSize) {
        log.flush();
        inBatch = 0;
      }
    }
    if (batchSize > 1 && inBatch > 0) {
      log.flush();
    }
    // Most logs must reach peers, or the property says little (see the jqwik report).
    Statistics.collect(log.written.stream().anyMatch(w -> w.key().contains("/peer/")) ? "peers written" : "no peers");
    assertEquals(log.image, MeshImage.fromRecords(log.image.toRecords()));
    Map<String, ImageRecord> rendered = new HashMap<>();
    log.image.toRecords().forEach(r -> rendered.put(r.storeKey(), r));
    assertEquals(rendered, log.store);
  }

  /**
   * Records as {kind, network, host, container-or-block, variant}. Kinds are weighted towards
   * creating things so most logs reach peers (the jqwik report shows how many did).
   */
  @Provide
  Arbitrary<List<int[]>> logs() {
    Arbitrary<Integer> kind = Arbitraries.of(0, 0, 0, 1, 2, 2, 2, 2, 3, 4, 4, 4, 5, 6, 6, 6, 6, 6, 6, 7, 8, 8, 8, 8, 9, 9);
    Arbitrary<int[]> op = Combinators.combine(kind, Arbitraries.integers().between(0, NETS.length - 1),
            Arbitraries.integers().between(0, HOSTS.length - 1), Arbitraries.integers().between(0, 7),
            Arbitraries.integers().between(0, 6))
        .as((k, n, h, c, v) -> new int[] {k, n, h, c, v});
    return op.list().ofMinSize(20).ofMaxSize(120);
  }

  /** Replays one generated record. */
  static void apply(MeshLog log, int[] x) {
    int n = x[1];
    String net = NETS[n];
    int hostIndex = x[2];
    String host = HOSTS[hostIndex];
    int c = x[3];
    int variant = x[4];
    String cidr = "10." + (40 + n) + "." + (c % 6) + ".0/26";
    switch (x[0]) {
      case 0 -> log.network(net, "10." + (40 + n) + ".0.0/16", n + 1 + 100 * (variant % 2));
      case 1 -> log.deleteNetwork(net);
      case 2 -> log.host(host, variant == 0 ? "nowhere" : "192.0.2." + (hostIndex + 1 + 10 * (variant % 2)));
      case 3 -> log.removeHost(host);
      case 4 -> log.claim(net, cidr, host);
      case 5 -> log.unclaim(net, cidr);
      case 6 -> log.hostAddress(host, net, "10." + (40 + n) + "." + hostIndex + ".1",
          "10." + (40 + n) + "." + hostIndex + ".0/26");
      case 7 -> log.tombstone(MeshLog.hostKey(host, net));
      case 8 -> log.allocation("c" + c, MeshLog.containerAllocation("c" + c, host, net,
          "10." + (40 + n) + "." + (c % 6) + "." + (10 + c), cidr, variant < 2, "svc" + (c % 2), "stack"));
      default -> log.tombstone("c" + c);
    }
  }
}
