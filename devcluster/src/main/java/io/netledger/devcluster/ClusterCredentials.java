package io.netledger.devcluster;

import io.netledger.events.security.AclPlan;
import io.netledger.events.security.ClusterCa;
import io.netledger.events.security.KafkaTls;
import io.netledger.events.security.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;

/**
 * A secure dev cluster's credentials: the cluster CA in {@code <dataDir>/pki/}, and one
 * directory per principal in {@code <dataDir>/credentials/<kafka user>/} (broker, allocator,
 * mesh, gateway, audit, ui and the dev operator {@code admin}, a super user who creates topics
 * and ACLs). Issued once; a restart of {@code dev up} on the same directory reuses them, except
 * the broker's, which is reissued when its addresses change.
 */
public final class ClusterCredentials {
  /** The dev operator: creates topics and ACLs at {@code dev up}, registers schemas. */
  public static final Principal OPERATOR = Principal.operator("admin");
  static final List<Principal> COMPONENTS = List.of(AclPlan.ALLOCATOR, AclPlan.MESH, AclPlan.GATEWAY,
      AclPlan.AUDIT, AclPlan.UI, OPERATOR);

  private final ClusterCa ca;
  private final Path root;
  private final Map<String, String> dirs = new LinkedHashMap<>();
  private final KafkaTls broker;

  private ClusterCredentials(ClusterCa ca, Path root, KafkaTls broker) {
    this.ca = ca;
    this.root = root;
    this.broker = broker;
  }

  /** Creates (or reuses) the CA and every fixed principal's credentials; the broker's for {@code nodes}. */
  static ClusterCredentials issue(Path dataDir, List<KafkaNode> nodes) {
    ClusterCa ca = ClusterCa.init(dataDir.resolve("pki"));
    Path root = dataDir.resolve("credentials");
    Set<String> sans = new LinkedHashSet<>(List.of("127.0.0.1"));
    nodes.forEach(n -> sans.add(n.address()));
    // Reissued at every start: the nodes' addresses may differ from the last run's.
    KafkaTls broker = ca.issue(AclPlan.BROKER, root.resolve(AclPlan.BROKER.kafkaUser()), List.copyOf(sans));
    ClusterCredentials c = new ClusterCredentials(ca, root, broker);
    c.dirs.put(AclPlan.BROKER.kafkaUser(), root.resolve(AclPlan.BROKER.kafkaUser()).toString());
    for (Principal p : COMPONENTS) {
      Path dir = root.resolve(p.kafkaUser());
      if (!Files.exists(dir.resolve(KafkaTls.CLIENT_CERT))) {
        ca.issue(p, dir, List.of());
      }
      c.dirs.put(p.kafkaUser(), dir.toString());
    }
    return c;
  }

  /** The broker's settings: its credentials, super users broker and the dev operator. */
  BrokerSecurity brokerSecurity() {
    return new BrokerSecurity(broker, List.of(AclPlan.BROKER.kafkaUser(), OPERATOR.kafkaUser()));
  }

  /** Kafka user to credentials directory, for {@code cluster.json}. */
  Map<String, String> directories() {
    return Map.copyOf(dirs);
  }

  Path operatorDir() {
    return Path.of(dirs.get(OPERATOR.kafkaUser()));
  }

  ClusterCa ca() {
    return ca;
  }

  Path root() {
    return root;
  }

  /** Admin client properties of the dev operator (a super user). */
  Properties operatorAdmin(String bootstrap) {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    KafkaTls.applyTo(p, operatorDir());
    return p;
  }

  /** Creates the ACLs (existing ones are kept: creating an ACL twice is a no-op in Kafka). */
  static void apply(Properties admin, List<AclBinding> acls) {
    try (Admin a = Admin.create(admin)) {
      a.createAcls(new ArrayList<>(acls)).all().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException("interrupted creating ACLs", null, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterStartException("cannot create ACLs: " + (e.getCause() == null ? e : e.getCause()), null, e);
    }
  }
}
