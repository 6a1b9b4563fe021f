package io.netledger.events.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Compares the catalogue topics as they exist on a cluster with what {@link Replication} asks for
 * that cluster, so a topic created earlier with fewer copies (on a smaller cluster, by hand, by
 * a broker default) is reported at start and never silently accepted. Topics that do not exist
 * yet are not findings: whoever creates them creates them right.
 *
 * <pre>{@code
 * Replication asked = TopicCheck.replicationOf(admin);
 * TopicCheck.findings(admin, asked).forEach(f -> log.warn(f));
 * }</pre>
 */
public final class TopicCheck {
  private TopicCheck() {}

  /** What one topic holds: its fewest replicas over its partitions and its min.insync.replicas. */
  public record Found(String topic, int replicas, int minInsyncReplicas) {}

  /** The replication the catalogue asks for on the cluster {@code admin} talks to. */
  public static Replication replicationOf(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
    return Replication.forBrokers(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
  }

  /** Describes the catalogue topics that exist and returns one line per shortfall. */
  public static List<String> findings(Admin admin, Replication asked)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    List<String> names = Topics.all().stream().map(Topic::name).filter(existing::contains).toList();
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    List<Found> found = new ArrayList<>();
    for (String n : names) {
      int replicas = described.get(n).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
      var entry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n)).get(Replication.MIN_INSYNC_REPLICAS);
      int minIsr = entry == null || entry.value() == null ? 1 : Integer.parseInt(entry.value());
      found.add(new Found(n, replicas, minIsr));
    }
    return findings(found, asked);
  }

  /** The pure comparison: one line per topic with fewer replicas or a lower min ISR than asked. */
  public static List<String> findings(Collection<Found> found, Replication asked) {
    return found.stream()
        .filter(f -> f.replicas() < asked.factor() || f.minInsyncReplicas() < asked.minInsyncReplicas())
        .map(f -> "topic " + f.topic() + " has " + f.replicas() + " replica(s) and min.insync.replicas="
            + f.minInsyncReplicas() + "; the catalogue asks " + asked.factor() + " and " + asked.minInsyncReplicas()
            + " on this cluster (an acknowledged write there does not survive the loss of a broker;"
            + " reassign its partitions or recreate it)")
        .collect(Collectors.toList());
  }
}
