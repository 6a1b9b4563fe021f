package io.netledger.allocator.bench;

import io.netledger.allocator.ipam.AllocatorConfig;
import io.netledger.allocator.ipam.AllocatorDelta;
import io.netledger.allocator.ipam.AllocatorImage;
import io.netledger.allocator.ipam.ImageRecords;
import io.netledger.allocator.ipam.InputEvent;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.allocator.ipam.TestInputs;
import io.netledger.avro.ContainerStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second of the pure replay (no Kafka): 3 networks (/16, /26 blocks), 50 hosts, then
 * {@value #CONTAINER_EVENTS} container events (about 70% starts, 15% stops, 15% removes of random
 * live containers, so releases, quarantine and restarts happen), decided
 * <ul>
 *   <li>{@code oneDelta}: in one delta applied once (audit replay), and</li>
 *   <li>{@code deltaPerEvent}: one delta and one {@code apply()} per event (what the Streams
 *       processor does), and</li>
 *   <li>{@code deltaPerEventNetworksLast}: the same with the NetworkCreated events last, so every
 *       start first waits for its network.</li>
 * </ul>
 * {@code render} turns the final image into records (what a full store snapshot would cost).
 * Scores are per event (ops = events), except {@code render}.
 *
 * <p>Run: see the module README.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayBench {
  static final int HOSTS = 50;
  static final int NETWORKS = 3;
  static final int CONTAINER_EVENTS = 20_000;
  static final int EVENTS = NETWORKS + HOSTS + CONTAINER_EVENTS;

  List<InputEvent> events;
  /** The same inputs with the NetworkCreated events last: every start waits for its network. */
  List<InputEvent> networksLast;
  AllocatorImage finalImage;
  final AllocatorConfig config = AllocatorConfig.DEFAULT;

  @Setup(Level.Trial)
  public void setUp() {
    events = workload(new Random(42));
    networksLast = new ArrayList<>(events.subList(NETWORKS, events.size()));
    networksLast.addAll(events.subList(0, NETWORKS));
    AllocatorDelta d = AllocatorImage.EMPTY.delta(config);
    events.forEach(d::replay);
    finalImage = d.apply();
  }

  /** The input log: fixed seed, so every run measures the same decisions. */
  static List<InputEvent> workload(Random rnd) {
    TestInputs in = new TestInputs();
    List<InputEvent> out = new ArrayList<>();
    for (int n = 0; n < NETWORKS; n++) {
      out.add(in.networkCreated(TestInputs.network("net" + n, "10." + (40 + n) + ".0.0/16", 26)));
    }
    for (int h = 0; h < HOSTS; h++) {
      out.add(in.hostRegistered("host" + h));
    }
    List<String> live = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < CONTAINER_EVENTS; i++) {
      int dice = rnd.nextInt(100);
      if (dice < 15 && !live.isEmpty()) {
        String id = live.remove(rnd.nextInt(live.size()));
        stopped.add(id);
        out.add(in.stopped(id));
      } else if (dice < 30 && !live.isEmpty()) {
        out.add(in.removed(live.remove(rnd.nextInt(live.size()))));
      } else {
        String id;
        if (!stopped.isEmpty() && rnd.nextInt(4) == 0) {
          id = stopped.remove(rnd.nextInt(stopped.size())); // a restart
        } else {
          id = "c" + next++;
        }
        int n = Math.abs(id.hashCode()) % NETWORKS; // a restart stays in its network
        ContainerStarted s = TestInputs.container(id, "name-" + id, "svc" + (next % 40), "stack" + (next % 10),
            "host" + rnd.nextInt(HOSTS), "net" + n);
        live.add(id);
        out.add(in.started(s));
      }
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public AllocatorImage oneDelta() {
    AllocatorDelta d = AllocatorImage.EMPTY.delta(config);
    for (InputEvent e : events) {
      d.replay(e);
    }
    return d.apply();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public AllocatorImage deltaPerEvent() {
    AllocatorImage image = AllocatorImage.EMPTY;
    for (InputEvent e : events) {
      AllocatorDelta d = image.delta(config);
      d.replay(e);
      image = d.apply();
    }
    return image;
  }

  /**
   * The worst backlog for waiting starts: every start is refused and waits (stops and removes
   * end waits), then each network's arrival decides all of its waiting starts at once.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public AllocatorImage deltaPerEventNetworksLast() {
    AllocatorImage image = AllocatorImage.EMPTY;
    for (InputEvent e : networksLast) {
      AllocatorDelta d = image.delta(config);
      d.replay(e);
      image = d.apply();
    }
    return image;
  }

  @Benchmark
  public List<OutputRecord> render() {
    return ImageRecords.render(finalImage);
  }

  /** Quick figures without JMH's harness (smoke check): {@code java ... ReplayBench}. */
  public static void main(String[] args) {
    ReplayBench b = new ReplayBench();
    b.setUp();
    System.out.println("final image: " + b.finalImage);
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      b.deltaPerEvent();
      long ns = System.nanoTime() - t0;
      System.out.printf("deltaPerEvent: %d events in %.1f ms = %.0f events/s%n", EVENTS, ns / 1e6, EVENTS / (ns / 1e9));
    }
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      AllocatorImage late = b.deltaPerEventNetworksLast();
      long ns = System.nanoTime() - t0;
      System.out.printf("deltaPerEventNetworksLast: %d events in %.1f ms = %.0f events/s (%d still waiting)%n",
          EVENTS, ns / 1e6, EVENTS / (ns / 1e9), late.waiting().size());
    }
  }
}
