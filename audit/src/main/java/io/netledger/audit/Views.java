package io.netledger.audit;

import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The allocator's compacted output topics as a reader that consumed each from the start would
 * hold them: the latest value per key, a tombstone forgets the key. Built either from replayed
 * decisions (expected) or from the live topics (found), so the two compare key by key.
 */
public final class Views {
  /** The compacted topics the allocator writes, in the order differences are reported. */
  public static final List<Topic<?>> ALLOCATOR_VIEWS = List.of(Topics.ALLOCATIONS, Topics.IPAM_BLOCKS, Topics.DNS_RECORDS);

  private final Map<String, Map<String, SpecificRecord>> byTopic = new LinkedHashMap<>();

  public Views() {
    ALLOCATOR_VIEWS.forEach(t -> byTopic.put(t.name(), new TreeMap<>()));
  }

  /** Applies one record; records of other topics (rejections) are ignored. */
  public void apply(String topic, String key, SpecificRecord value) {
    Map<String, SpecificRecord> view = byTopic.get(topic);
    if (view == null) {
      return;
    }
    if (value == null) {
      view.remove(key);
    } else {
      view.put(key, value);
    }
  }

  /** The live keys of one topic and their values, by key. */
  public Map<String, SpecificRecord> view(Topic<?> topic) {
    return Collections.unmodifiableMap(byTopic.getOrDefault(topic.name(), Map.of()));
  }
}
