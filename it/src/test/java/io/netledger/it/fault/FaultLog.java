package io.netledger.it.fault;

import io.netledger.audit.DecisionLog;
import io.netledger.audit.LogSource;
import io.netledger.audit.Progress;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.InputCoordinates;
import io.netledger.events.publish.Published;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the fault suite checks in the log, read as audit reads it (read_committed, no group):
 * how many times each acknowledged input is in the allocator's decision order, and whether any
 * address is held by two live containers.
 */
final class FaultLog {
  private final String bootstrap;
  private final String registryUrl;

  FaultLog(String bootstrap, String registryUrl) {
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
  }

  /** The count of decisions per input coordinate ({@code topic/partition@offset}). */
  Map<String, Integer> decisions() {
    LogSource source = new LogSource(bootstrap, registryUrl, Duration.ofSeconds(30), "netledger-allocator");
    Map<String, Integer> seen = new HashMap<>();
    DecisionLog.read(source, null, step -> {
      if (step.input().event() != null) {
        InputCoordinates c = step.input().event().cause();
        seen.merge(c.getTopic() + "/" + c.getPartition() + "@" + c.getOffset(), 1, Integer::sum);
      }
    }, Progress.quiet());
    return seen;
  }

  static String coordinates(Published p) {
    return p.topic() + "/" + p.partition() + "@" + p.offset();
  }

  /** Acknowledged inputs not in the decision order, and inputs decided more than once. */
  record Count(int acknowledged, int found, int missing, int duplicated) {
    @Override
    public String toString() {
      return "acknowledged " + acknowledged + ", in the decision order " + found + ", missing " + missing
          + ", duplicated " + duplicated;
    }
  }

  Count count(Collection<Published> acknowledged) {
    Map<String, Integer> d = decisions();
    int found = 0;
    int missing = 0;
    for (Published p : acknowledged) {
      if (d.containsKey(coordinates(p))) {
        found++;
      } else {
        missing++;
      }
    }
    int duplicated = (int) d.values().stream().filter(n -> n > 1).count();
    return new Count(acknowledged.size(), found, missing, duplicated);
  }

  /** Waits until every acknowledged input is decided (or the timeout), then counts. */
  Count awaitDecided(Collection<Published> acknowledged, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Count c = count(acknowledged);
    while (c.missing() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      c = count(acknowledged);
    }
    return c;
  }

  /** {@code network/ip} held by more than one live (ALLOCATED) container, with their ids. */
  List<String> duplicateLiveAddresses() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    AvroSerde<Allocation> serde = AvroSerde.forTopic(Topics.ALLOCATIONS, RegistryConfig.connect(registryUrl), false);
    Map<String, Allocation> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(Topics.ALLOCATIONS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          Allocation a = r.value() == null ? null : serde.deserializer().deserialize(r.topic(), r.value());
          if (a == null) {
            latest.remove(r.key());
          } else {
            latest.put(r.key(), a);
          }
        }
      }
    }
    Map<String, List<String>> holders = new HashMap<>();
    for (Allocation a : latest.values()) {
      if (a.getState() == AllocationState.ALLOCATED && a.getIp() != null) {
        holders.computeIfAbsent(a.getNetworkId() + "/" + a.getIp(), k -> new ArrayList<>())
            .add((a.getKind() == AllocationKind.HOST ? "host " : "") + a.getOwnerId());
      }
    }
    List<String> dups = new ArrayList<>();
    holders.forEach((ip, owners) -> {
      if (owners.size() > 1) {
        dups.add(ip + " " + owners);
      }
    });
    return dups;
  }
}
