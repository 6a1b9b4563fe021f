package io.netledger.mesh.bench;

import io.netledger.avro.BlockAffinity;
import io.netledger.avro.InputCoordinates;
import io.netledger.events.net.Cidr;
import io.netledger.mesh.state.BigNetwork;
import io.netledger.mesh.state.MeshDelta;
import io.netledger.mesh.state.MeshImage;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Input events per second through {@link MeshDelta} (replay, apply, outputs) on an image of 1,000
 * hosts in one network with 30 containers each, one delta per input record as the Streams
 * processor runs it (no Kafka, no serialization).
 *
 * <ul>
 *   <li>{@code containerStopStart}: a container's address RELEASED then ALLOCATED again on a host
 *       already in the network (one output record each), rotating over hosts;
 *   <li>{@code blockClaimRelease}: a host claims and releases an extra block (one Peer update to
 *       each of the 999 other hosts each), rotating over hosts.
 * </ul>
 *
 * <p>Run: {@code mvn -B -o -q -pl mesh-stream -am test-compile} then
 * {@code java -cp "$(cat mesh-stream/target/bench.classpath):mesh-stream/target/test-classes:mesh-stream/target/classes" org.openjdk.jmh.Main MeshDeltaBench}
 * (see the module README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g",
    "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.io,java.net,org.apache.avro,io.netledger"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MeshDeltaBench {
  @Param({"1000"})
  int hosts;

  MeshImage image;
  BigNetwork network;
  int next;
  long offset;

  @Setup(Level.Trial)
  public void build() {
    network = new BigNetwork().build(hosts, 30, (kind, delta) -> { });
    image = network.image;
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public int containerStopStart() {
    int host = Math.floorMod(next++ * 7919, hosts); // floorMod: the product overflows after ~270k calls
    int[] written = {0};
    network.stop(host, 5, (k, d) -> written[0] += d.changes().size());
    network.start(host, 5, (k, d) -> written[0] += d.changes().size());
    return written[0];
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public int blockClaimRelease() {
    int host = Math.floorMod(next++ * 7919, hosts); // floorMod: the product overflows after ~270k calls
    Cidr extra = new Cidr(BigNetwork.POOL.base().plus(64L * (hosts + host)), 26);
    String key = BigNetwork.NET + "/" + extra;
    MeshDelta claim = new MeshDelta(image);
    claim.replayBlock(key, new BlockAffinity(BigNetwork.NET, extra.toString(), BigNetwork.hostId(host),
        Instant.EPOCH, coordinates()), coordinates(), Instant.EPOCH);
    MeshImage claimed = claim.apply();
    MeshDelta release = new MeshDelta(claimed);
    release.replayBlock(key, null, coordinates(), Instant.EPOCH);
    image = release.apply();
    return claim.changes().size() + release.changes().size();
  }

  private InputCoordinates coordinates() {
    return new InputCoordinates("netledger.ipam-blocks.v1", 0, offset++, null);
  }
}
