package io.netledger.support.streams;

import io.netledger.events.topic.Replication;
import io.netledger.events.topic.TopicCheck;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a stream app's internal topics (changelogs, repartition topics, the allocator's
 * decision order) the same replication as the catalogue's ({@link Replication}, fitted to the
 * cluster's size), and warns about catalogue topics found with fewer replicas than that.
 *
 * <p>Why: Streams creates its internal topics with {@code replication.factor=-1} (the broker's
 * default) and no min ISR; a changelog on one replica loses the image with its broker, and EOS
 * commits to it would be acknowledged by one copy. An explicit {@code replication.factor} or
 * {@code topic.min.insync.replicas} (a {@code streams.*} override) is kept as given. When the
 * cluster cannot be described at start (brokers down), the broker default stays, which devcluster
 * sets to the same fitted value, and the start goes on: Streams itself waits for the brokers.
 */
final class StreamsReplication {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsReplication.class);
  private static final String MIN_ISR = StreamsConfig.topicPrefix(Replication.MIN_INSYNC_REPLICAS);

  private StreamsReplication() {}

  /** Sets {@code replication.factor} and {@code topic.min.insync.replicas} in {@code props} unless present. */
  static void fit(String app, Properties props) {
    Properties admin = new Properties();
    for (String k : props.stringPropertyNames()) {
      // Only what reaches the brokers (address and, once set, security), not Streams' own keys.
      if (k.equals(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) || k.startsWith("security.") || k.startsWith("ssl.")
          || k.startsWith("sasl.")) {
        admin.put(k, props.getProperty(k));
      }
    }
    admin.put(AdminClientConfig.CLIENT_ID_CONFIG, app + "-replication-check");
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    try (Admin a = Admin.create(admin)) {
      Replication r;
      try {
        r = TopicCheck.replicationOf(a);
      } catch (Exception e) {
        keepInterrupt(e);
        LOG.warn("{}: cannot describe the cluster at {} ({}); internal topics take the broker's default replication",
            app, props.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG), e.toString());
        return;
      }
      props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) r.factor());
      props.putIfAbsent(MIN_ISR, String.valueOf(r.minInsyncReplicas()));
      LOG.info("{}: internal topics get replication {} (factor/min ISR) on this cluster", app,
          props.get(StreamsConfig.REPLICATION_FACTOR_CONFIG) + "/" + props.get(MIN_ISR));
      try {
        for (String finding : TopicCheck.findings(a, r)) {
          LOG.warn("{}: {}", app, finding);
        }
      } catch (Exception e) {
        keepInterrupt(e);
        LOG.warn("{}: cannot check the catalogue topics' replication ({})", app, e.toString());
      }
    }
  }

  private static void keepInterrupt(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
  }
}
