package io.netledger.audit;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.avro.HostStateSlice;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * Rebuilds the views from the decision log and compares them with the live compacted topics, key
 * by key: allocations, ipam-blocks and dns-records value for value (the allocator is deterministic
 * and copies its input's occurredAt and coordinates, so a healthy view is equal to the replay), and
 * host-state by each slice's content only (its generation and cause depend on how the mesh
 * interleaved its inputs, which no log records). Then the live views against each other
 * ({@link CrossCheck}): each live allocation has its endpoint slice, each host in a network its
 * peers, each DNS address a live allocation.
 *
 * <pre>{@code
 * Verifier.Result r = Verifier.verify(source, AllocatorConfig.DEFAULT, true, progress);
 * r.differences().forEach(d -> System.out.println(d.topic() + " " + d.key()));
 * }</pre>
 */
public final class Verifier {
  private Verifier() {}

  /**
   * @param decisions how many decisions were replayed
   * @param compared keys compared per topic (union of expected and found)
   * @param differences every differing key, by topic then key
   */
  public record Result(long decisions, Map<String, Integer> compared, List<Difference> differences) {}

  public static Result verify(LogSource source, AllocatorConfig config, boolean withMesh, Progress progress) {
    MeshReplay mesh = new MeshReplay();
    Replay replay = new Replay(config, withMesh ? List.of(mesh) : List.of());
    long decisions = DecisionLog.read(source, null, replay::accept, progress);

    Map<String, Map<String, SpecificRecord>> expected = new LinkedHashMap<>();
    List<Topic<?>> topics = new ArrayList<>(Views.ALLOCATOR_VIEWS);
    for (Topic<?> t : Views.ALLOCATOR_VIEWS) {
      expected.put(t.name(), replay.views().view(t));
    }
    if (withMesh) {
      expected.put(Topics.HOST_STATE.name(), mesh.hostState());
      topics.add(Topics.HOST_STATE);
    }
    Map<String, Map<String, SpecificRecord>> found = new HashMap<>();
    Map<String, Map<String, String>> notes = new HashMap<>();
    topics.forEach(t -> {
      found.put(t.name(), new TreeMap<>());
      notes.put(t.name(), new HashMap<>());
    });
    LiveViews.read(source, topics, (topic, partition, offset, ts, key, value) -> {
      notes.get(topic).remove(key);
      if (value == null) {
        found.get(topic).remove(key);
      } else {
        // host-state: only what the slice says counts (see the class comment).
        found.get(topic).put(key, value instanceof HostStateSlice s ? (SpecificRecord) s.getSlice() : value);
      }
    }, (topic, key, note) -> {
      found.get(topic).remove(key);
      notes.get(topic).put(key, note);
    }, Progress.quiet());

    Map<String, Integer> compared = new LinkedHashMap<>();
    List<Difference> differences = new ArrayList<>();
    for (Topic<?> t : topics) {
      String name = t.name();
      compared.put(name, compare(name, expected.get(name), found.get(name), notes.get(name), differences));
    }
    // Each view may equal its own replay and still disagree with another: check them together.
    differences.addAll(CrossCheck.check(found.get(Topics.ALLOCATIONS.name()), found.get(Topics.DNS_RECORDS.name()),
        withMesh ? found.get(Topics.HOST_STATE.name()) : null));
    return new Result(decisions, compared, differences);
  }

  /** Adds a Difference for every key on which the maps disagree; returns how many keys there were. */
  public static int compare(String topic, Map<String, SpecificRecord> expected, Map<String, SpecificRecord> found,
      Map<String, String> notes, List<Difference> out) {
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(found.keySet());
    keys.addAll(notes.keySet());
    for (String k : keys) {
      SpecificRecord e = expected.get(k);
      SpecificRecord f = found.get(k);
      String note = notes.get(k);
      if (note != null || !Objects.equals(e, f)) {
        out.add(new Difference(topic, k, e, f, note));
      }
    }
    return keys.size();
  }
}
