package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.Rejection;
import io.netledger.events.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * A golden-test driver: replays one input at a time onto the image, keeps every record written,
 * and shows the compacted views a reader of the output topics would see. After each step it
 * checks that the image equals the one restored from all the records so far (image + delta
 * records = next image).
 */
final class Script {
  final TestInputs in = new TestInputs();
  final AllocatorConfig config;
  AllocatorImage image = AllocatorImage.EMPTY;
  final List<OutputRecord> written = new ArrayList<>();
  final List<InputEvent> inputs = new ArrayList<>();
  /** Whether each step checks image == restore(all records so far) (quadratic: off for long runs). */
  boolean checkEveryStep = true;

  Script() {
    this(AllocatorConfig.DEFAULT);
  }

  Script(AllocatorConfig config) {
    this.config = config;
  }

  Decision replay(InputEvent e) {
    AllocatorDelta d = image.delta(config);
    Decision decision = d.replay(e);
    image = d.apply();
    written.addAll(d.changes());
    inputs.add(e);
    if (checkEveryStep) {
      AllocatorImage restored = ImageRecords.restore(written);
      assertEquals(image, restored, "image after " + e.key());
      assertEquals(image.ports(), restored.ports(), "port index after " + e.key());
    }
    return decision;
  }

  Decision network(NetworkCreated c) {
    return replay(in.networkCreated(c));
  }

  Decision deleteNetwork(String id) {
    return replay(in.networkDeleted(id));
  }

  Decision host(String id) {
    return replay(in.hostRegistered(id));
  }

  Decision removeHost(String id) {
    return replay(in.hostRemoved(id));
  }

  Decision start(ContainerStarted s) {
    return replay(in.started(s));
  }

  Decision start(String id, String host, String network) {
    return start(TestInputs.container(id, id, null, null, host, network));
  }

  Decision stop(String id) {
    return replay(in.stopped(id));
  }

  Decision remove(String id) {
    return replay(in.removed(id));
  }

  /** What a reader of the compacted topic sees now: the last value of every live key. */
  Map<String, SpecificRecord> view(String topic) {
    Map<String, SpecificRecord> v = new TreeMap<>();
    for (OutputRecord r : written) {
      if (r.topic().equals(topic)) {
        if (r.value() == null) {
          v.remove(r.key());
        } else {
          v.put(r.key(), r.value());
        }
      }
    }
    return v;
  }

  Allocation allocation(String key) {
    return (Allocation) view(Topics.ALLOCATIONS.name()).get(key);
  }

  /** key -> "ip" for the held addresses, "ip*" when borrowed. */
  Map<String, String> addresses() {
    Map<String, String> m = new TreeMap<>();
    view(Topics.ALLOCATIONS.name()).forEach((k, v) -> {
      Allocation a = (Allocation) v;
      if (a.getState() == io.netledger.avro.AllocationState.ALLOCATED) {
        m.put(k, a.getIp() + (a.getBorrowed() ? "*" : ""));
      }
    });
    return m;
  }

  /** block key -> hostId. */
  Map<String, String> blocks() {
    Map<String, String> m = new TreeMap<>();
    view(Topics.IPAM_BLOCKS.name()).forEach((k, v) -> m.put(k, ((BlockAffinity) v).getHostId()));
    return m;
  }

  /** dns key -> addresses. */
  Map<String, List<String>> dns() {
    Map<String, List<String>> m = new TreeMap<>();
    view(Topics.DNS_RECORDS.name()).forEach((k, v) -> m.put(k, ((DnsRecord) v).getAddresses()));
    return m;
  }

  /** A map from alternating keys and values, for expectations longer than Map.of takes. */
  static Map<String, String> map(String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Rejection rejection(Decision d) {
    return d.records().stream().filter(r -> r.topic().equals(Topics.REJECTED.name()))
        .map(r -> (Rejection) r.value()).findFirst().orElseThrow(() -> new AssertionError("no rejection in " + d));
  }
}
