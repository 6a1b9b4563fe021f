package io.netledger.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.devcluster.ClusterInfo;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.security.AclPlan;
import io.netledger.events.security.ClusterCa;
import io.netledger.events.security.KafkaTls;
import io.netledger.events.security.Principal;
import io.netledger.events.topic.Topic;
import io.netledger.events.topic.Topics;
import io.netledger.it.support.SharedCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A secure dev cluster (TLS with client certificates, StandardAuthorizer, the {@link AclPlan}
 * ACLs) refuses each principal everything its ACL table does not give it, refuses clients without
 * a certificate of the cluster CA, and a refused write leaves nothing on the log.
 */
class AclTest {
  private static final String DECISION_ORDER = AclPlan.ALLOCATOR_APP + "-allocator-decision-order-repartition";
  private static DevCluster cluster;
  private static Path h1;

  @BeforeAll
  static void start() {
    Path dir = SharedCluster.dataDir("acl-");
    cluster = DevCluster.start(DevCluster.Options.in(dir).withSecurity(true)
        .withProgress(l -> System.out.println("[acl cluster] " + l)));
    h1 = cluster.issueHost("H1", dir.resolve("hosts/H1"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Map<String, Object> client(Path tls) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    KafkaTls.applyTo(p, tls);
    return p;
  }

  private static Throwable produce(Map<String, Object> props, String topic) {
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topic, "H2", new byte[] {1, 2, 3})).get(30, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  private static void assertRefused(Path tls, String topic) {
    assertRefused(tls, topic, TopicAuthorizationException.class);
  }

  /** Refused with {@code expected}: a principal without IDEMPOTENT_WRITE is refused on the cluster first. */
  private static void assertRefused(Path tls, String topic, Class<? extends Throwable> expected) {
    Throwable t = produce(client(tls), topic);
    assertInstanceOf(expected, t, tls.getFileName() + " producing to " + topic + ": " + t);
  }

  @Test
  void aHostWritesItsStatusAndNothingElse() {
    List<String> refused = new ArrayList<>(Topics.all().stream().map(Topic::name)
        .filter(n -> !n.equals(Topics.AGENT_STATUS.name())).toList());
    refused.add(DECISION_ORDER);
    for (String topic : refused) {
      assertRefused(h1, topic);
    }
    assertEquals(null, produce(client(h1), Topics.AGENT_STATUS.name()), "its own status is allowed");
  }

  @Test
  void aHostCannotTakeTheAllocatorsTransactionsOrGroup() {
    Map<String, Object> tx = client(h1);
    tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, AclPlan.ALLOCATOR_APP + "-0_0");
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(tx, new StringSerializer(), new ByteArraySerializer())) {
      assertThrows(TransactionalIdAuthorizationException.class, p::initTransactions);
    }
    Map<String, Object> c = client(h1);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, AclPlan.ALLOCATOR_APP);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.HOST_STATE.name()));
      assertThrows(GroupAuthorizationException.class, () -> {
        for (int i = 0; i < 20; i++) {
          consumer.poll(Duration.ofMillis(500));
        }
      });
    }
  }

  @Test
  void readersAndTheStreamAppsWriteOnlyTheirOwn() {
    for (String user : List.of(AclPlan.AUDIT.kafkaUser(), AclPlan.UI.kafkaUser())) {
      Path tls = cluster.tlsDir(user).orElseThrow();
      // Readers hold no producer right at all: the idempotent producer's first request is refused.
      assertRefused(tls, Topics.CONTAINERS.name(), ClusterAuthorizationException.class);
      assertRefused(tls, Topics.ALLOCATIONS.name(), ClusterAuthorizationException.class);
    }
    Path mesh = cluster.tlsDir(AclPlan.MESH.kafkaUser()).orElseThrow();
    assertRefused(mesh, Topics.ALLOCATIONS.name());
    assertRefused(mesh, DECISION_ORDER);
    Path allocator = cluster.tlsDir(AclPlan.ALLOCATOR.kafkaUser()).orElseThrow();
    assertRefused(allocator, Topics.HOST_STATE.name());
    assertRefused(allocator, Topics.CONTAINERS.name());
    Path gateway = cluster.tlsDir(AclPlan.GATEWAY.kafkaUser()).orElseThrow();
    assertRefused(gateway, Topics.ALLOCATIONS.name());
    assertRefused(gateway, DECISION_ORDER);
  }

  @Test
  void clientsWithoutACertificateOfTheClusterCaAreRefused() {
    Map<String, Object> noCert = client(null);
    noCert.put("security.protocol", "SSL");
    noCert.put("ssl.truststore.type", "PEM");
    noCert.put("ssl.truststore.location", cluster.operatorTls().orElseThrow().resolve(KafkaTls.CA).toString());
    Throwable t = produce(noCert, Topics.AGENT_STATUS.name());
    assertTrue(t instanceof SslAuthenticationException || t instanceof org.apache.kafka.common.errors.TimeoutException,
        "no client certificate: " + t);

    Path other = SharedCluster.dataDir("acl-other-ca-");
    KafkaTls forged = ClusterCa.init(other.resolve("ca")).issue(Principal.host("H1"), other.resolve("H1"), List.of());
    Map<String, Object> wrongCa = client(null);
    wrongCa.putAll(forged.clientProperties());
    // Trust the real broker, present a certificate of another CA with the same subject.
    wrongCa.put("ssl.truststore.certificates", client(h1).get("ssl.truststore.certificates"));
    t = produce(wrongCa, Topics.AGENT_STATUS.name());
    assertTrue(t instanceof SslAuthenticationException || t instanceof org.apache.kafka.common.errors.TimeoutException,
        "another CA's certificate: " + t);
  }

  @Test
  void refusedWritesLeaveNothingOnTheLog() throws Exception {
    assertRefused(h1, Topics.CONTAINERS.name());
    assertRefused(h1, Topics.HOSTS.name());
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      for (Topic<?> t : List.of(Topics.CONTAINERS, Topics.HOSTS, Topics.NETWORKS, Topics.ALLOCATIONS, Topics.HOST_STATE)) {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < t.partitions(); p++) {
          ends.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
        }
        long total = admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
            .mapToLong(i -> i.offset()).sum();
        assertEquals(0, total, t.name() + " must hold nothing");
      }
    }
  }

  @Test
  void clusterJsonSaysWhereEachPrincipalsCredentialsAre() {
    ClusterInfo info = ClusterInfo.read(cluster.dataDir().resolve(ClusterInfo.FILE_NAME));
    assertTrue(info.secure());
    for (Principal p : List.of(AclPlan.ALLOCATOR, AclPlan.MESH, AclPlan.GATEWAY, AclPlan.AUDIT, AclPlan.UI)) {
      assertEquals(p, KafkaTls.in(info.credentialsOf(p.kafkaUser()).orElseThrow()).principal().orElseThrow());
    }
    assertEquals(Principal.host("H1"), KafkaTls.in(h1).principal().orElseThrow());
  }
}
