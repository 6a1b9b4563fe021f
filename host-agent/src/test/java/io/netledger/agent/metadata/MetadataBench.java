package io.netledger.agent.metadata;

import static io.netledger.agent.metadata.MetadataFixtures.*;

import io.netledger.agent.metadata.NetworkTree.Shape;
import io.netledger.avro.Allocation;
import io.netledger.avro.LocalEndpoint;
import io.netledger.events.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metadata API's pure cost: a view of {@code containers} containers in one network (30 per
 * host, services of 5, stacks of 20 services), the tree built once, then {@code requests} answers
 * like the server gives them (asker looked up by address, root composed, path walked, text or
 * JSON rendered) for 30 local askers over {@code self/container}, {@code self/service},
 * {@code services/<s>}, {@code containers/<i>/primary_ip} and {@code version}; then the cost of
 * one change (a new container: delta applied, tree rebuilt) and of listing all containers.
 *
 * <pre>
 * mvn -B -o -q -pl host-agent -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/nl-cp.txt
 * java -cp host-agent/target/test-classes:host-agent/target/classes:$(cat /tmp/nl-cp.txt) \
 *   io.netledger.agent.metadata.MetadataBench 10000 500000
 * </pre>
 */
public final class MetadataBench {
  private MetadataBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;

    // The records first (Avro builders are not what is measured), then the replay.
    List<String> keys = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    keys.add("H2/network/managed");
    values.add(wrap(network(MANAGED, "rancher.internal", "10.42.0.1")));
    List<String> askers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String host = i < 30 ? H2 : "H" + (3 + i / 30);
      String ip = new Ipv4(Ipv4.parse("10.42.0.10").value() + i).toString();
      Allocation a = allocation(MANAGED, "c-" + i, host, "c" + i, "svc" + (i / 5), "stack" + (i / 100), ip, i + 1,
          Map.of("role", "r" + (i % 3)));
      keys.add(a.getOwnerId());
      values.add(a);
      if (host.equals(H2)) {
        keys.add("H2/endpoint/" + a.getOwnerId());
        values.add(wrap(endpoint(a)));
        askers.add(ip);
      }
      if (i % 30 == 0 && !host.equals(H2)) {
        keys.add("H2/peer/managed/" + host);
        values.add(wrap(peer(MANAGED, host, host.toLowerCase(), "192.0.2.1", Map.of())));
      }
    }
    long t0 = System.nanoTime();
    MetadataDelta d = new MetadataDelta(MetadataView.empty(H2, H2_UNDERLAY));
    for (int i = 0; i < keys.size(); i++) {
      if (values.get(i) instanceof Allocation a) {
        d.replayAllocation(keys.get(i), a);
      } else {
        d.replayHostState(keys.get(i), (io.netledger.avro.HostStateSlice) values.get(i));
      }
    }
    MetadataView view = d.apply();
    long replayed = System.nanoTime();
    view.tree(MANAGED);
    long built = System.nanoTime();

    String[] paths = {"self/container", "self/service", "services/svc" + (n / 10), "containers/" + (n / 2) + "/primary_ip",
        "version"};
    List<List<String>> split = new ArrayList<>();
    for (String p : paths) {
      split.add(List.of(p.split("/")));
    }
    Ipv4[] sources = askers.stream().map(Ipv4::parse).toArray(Ipv4[]::new);
    long bytes = 0;
    for (int warm = 0; warm < 2; warm++) {
      bytes = answer(view, sources, split, requests / 5);
    }
    long s0 = System.nanoTime();
    bytes = answer(view, sources, split, requests);
    long s1 = System.nanoTime();

    // One change at a time, as containers start: delta applied and the tree rebuilt (warm: the
    // median of 9 after 5 warm-up changes).
    MetadataView next = view;
    long[] changes = new long[14];
    for (int i = 0; i < changes.length; i++) {
      MetadataDelta change = new MetadataDelta(next);
      Allocation extra = allocation(MANAGED, "c-new" + i, "H3", "new" + i, "svc0", "stack0", "10.43.255." + (i + 1),
          n + 1 + i, Map.of());
      change.replayAllocation(extra.getOwnerId(), extra);
      long c0 = System.nanoTime();
      next = change.apply();
      next.tree(MANAGED);
      changes[i] = System.nanoTime() - c0;
    }
    long[] warm = java.util.Arrays.copyOfRange(changes, 5, changes.length);
    java.util.Arrays.sort(warm);
    LocalEndpoint asker = next.endpointAt(sources[0]).orElseThrow();
    long l0 = System.nanoTime();
    int lists = 20;
    long listBytes = 0;
    for (int i = 0; i < lists; i++) {
      listBytes += TreeFormat.text(TreeFormat.at(root(next, asker, Shape.V2), List.of("containers")).orElseThrow())
          .length();
    }
    long l1 = System.nanoTime();

    System.out.printf("view: %d containers (%d local askers) replayed in %.1f ms%n", n, askers.size(),
        (replayed - t0) / 1e6);
    System.out.printf("tree build: %.1f ms%n", (built - replayed) / 1e6);
    System.out.printf("one change (new container: delta apply + tree rebuild): first %.1f ms, warm median %.1f ms%n",
        changes[0] / 1e6, warm[warm.length / 2] / 1e6);
    System.out.printf("list all containers (text, %d bytes): %.2f ms each%n", listBytes / lists, (l1 - l0) / 1e6 / lists);
    System.out.printf("requests: %d in %.2f s = %.0f requests/s (%.0f bytes/answer)%n", requests, (s1 - s0) / 1e9,
        requests / ((s1 - s0) / 1e9), (double) bytes / requests);
  }

  private static long answer(MetadataView view, Ipv4[] sources, List<List<String>> paths, int requests) {
    long bytes = 0;
    for (int i = 0; i < requests; i++) {
      LocalEndpoint asker = view.endpointAt(sources[i % sources.length]).orElseThrow();
      Shape shape = i % 7 == 0 ? Shape.V1 : Shape.V2;
      Object node = TreeFormat.at(root(view, asker, shape), paths.get(i % paths.size())).orElseThrow();
      bytes += (i % 2 == 0 ? TreeFormat.text(node) : TreeFormat.json(node)).length();
    }
    return bytes;
  }

  private static Map<String, Object> root(MetadataView view, LocalEndpoint asker, Shape shape) {
    return view.tree(asker.getNetworkId()).root(shape, asker, view.version(asker.getNetworkId()),
        MetadataDocuments.container(asker, view), MetadataDocuments.host(view, asker));
  }
}
