package io.netledger.bench;

import io.netledger.devcluster.world.NetledgerProcess;
import io.netledger.devcluster.world.NetnsWorld;
import io.netledger.devcluster.world.Shell;

import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import io.netledger.devcluster.ChildProcess;
import io.netledger.devcluster.DevCluster;
import io.netledger.events.net.Macs;
import io.netledger.events.registry.RegistryConfig;
import io.netledger.events.serde.AvroSerde;
import io.netledger.events.topic.HostPartitioner;
import io.netledger.events.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How long from a host-state record being acknowledged to its kernel object existing: one agent
 * in a host namespace on the real broker; each round writes a Peer slice with one new block and
 * polls the host's routing table until the block's route is there.
 *
 * <pre>
 * bench/run AgentLatencyBench [rounds]
 * </pre>
 * (root, iproute2). Prints median, p99 and worst in milliseconds. The poll itself costs a few
 * milliseconds (one `ip` process), which is included.
 */
public final class AgentLatencyBench {
  private AgentLatencyBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
        "java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger");
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Path dir = Files.createTempDirectory("netledger-agent-bench-");
    try (NetnsWorld world = NetnsWorld.create();
        DevCluster cluster = DevCluster.start(DevCluster.Options.in(dir.resolve("cluster"))
            .withListenAddress(world.gateway()))) {
      String h1 = world.addHost("H1");
      ChildProcess agent = NetledgerProcess.start("agent-H1", NetnsWorld.hostNs("H1"), dir, List.of("agent",
          "--host-id", "H1", "--underlay-ip", h1, "--register", "--metrics-port", "0", "--no-serve",
          "--bootstrap", cluster.bootstrapServers(), "--registry", cluster.registryUrl()));
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
          ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
          new StringSerializer(), new ByteArraySerializer())) {
        AvroSerde<HostStateSlice> serde = AvroSerde.forTopic(Topics.HOST_STATE,
            RegistryConfig.connect(cluster.registryUrl()), true);
        int partition = HostPartitioner.partitionFor("H1", Topics.HOST_STATE.partitions());
        NetworkOnHost net = NetworkOnHost.newBuilder().setNetworkId("bench").setCidr("10.60.0.0/16").setVni(6060)
            .setMtu(1450).setRoutingTable(106060).setEncryption(Encryption.NONE).setDnsDomain("bench.internal")
            .setTunnelIp("10.60.0.1").setTunnelMac(Macs.fromIpv4("10.60.0.1")).build();
        send(producer, serde, partition, "H1/network/bench", slice(0, net));
        List<Long> micros = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        for (int i = 1; i <= rounds + 10; i++) {
          String block = "10.60." + i + ".0/26";
          blocks.add(block);
          Peer peer = Peer.newBuilder().setNetworkId("bench").setHostId("H2").setUnderlayIp("198.51.100.99")
              .setVtepMac(Macs.fromIpv4("10.60.255.1")).setTunnelIp("10.60.255.1").setBlocks(List.copyOf(blocks)).build();
          long t0 = System.nanoTime();
          send(producer, serde, partition, "H1/peer/bench/H2", slice(i, peer));
          while (!Shell.inNetns(NetnsWorld.hostNs("H1"), 10, "ip", "route", "show", "table", "106060", block)
              .output().contains(block.split("/")[0])) {
            agent.checkAlive();
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
              throw new IllegalStateException("route " + block + " not programmed after 30 s; log " + agent.log());
            }
          }
          if (i > 10) { // the first rounds warm the agent's JVM up
            micros.add((System.nanoTime() - t0) / 1000);
          }
        }
        Collections.sort(micros);
        System.out.printf("host-state record acknowledged -> route in the kernel, %d rounds: median %.1f ms,"
            + " p99 %.1f ms, worst %.1f ms%n", micros.size(), micros.get(micros.size() / 2) / 1000.0,
            micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
      } finally {
        agent.stop(10);
      }
    }
  }

  private static HostStateSlice slice(long generation, Object value) {
    return HostStateSlice.newBuilder().setHostId("H1").setGeneration(generation).setOccurredAt(Instant.now())
        .setCause(new InputCoordinates("bench", 0, generation, null)).setSlice(value).build();
  }

  private static void send(KafkaProducer<String, byte[]> producer, AvroSerde<HostStateSlice> serde, int partition,
      String key, HostStateSlice slice) throws Exception {
    producer.send(new ProducerRecord<>(Topics.HOST_STATE.name(), partition, key,
        serde.serializer().serialize(Topics.HOST_STATE.name(), slice))).get();
  }
}
