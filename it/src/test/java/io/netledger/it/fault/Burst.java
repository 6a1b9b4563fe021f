package io.netledger.it.fault;

import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.devcluster.demo.SeedScenario;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.Published;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A churn of container starts and stops on one host (a host without an agent: the suite checks
 * the log, the seed containers check the data plane), published one by one and kept as the
 * publisher acknowledged them; every fifth start is followed by the stop of an earlier one.
 * Failed publishes are counted, never retried here: "acknowledged" means what the publisher
 * returned.
 *
 * <p>Paced at {@link #RATE} events per second ({@code -Dnetledger.fault.rate}), so that every
 * scenario sees the same churn: unpaced, it ran as fast as acknowledgements came back, 20/s on a
 * loaded machine and 40/s on a quiet one, and after the outage it piled up 3,545 events while the
 * fenced mesh was still catching up. A publish held up by a fault does not make the pace catch up
 * afterwards: the next one goes as soon as it returned, and the pace goes on from there.
 */
final class Burst implements AutoCloseable {
  private final EventPublisher publisher;
  private final String prefix;
  private final String hostId;
  final List<Published> acknowledged = new CopyOnWriteArrayList<>();
  final AtomicInteger failed = new AtomicInteger();
  /** Nanos of the latest acknowledgement. */
  final AtomicLong lastAck = new AtomicLong();
  /** Events per second. */
  static final int RATE = Integer.getInteger("netledger.fault.rate", 20);
  private static final long INTERVAL_NANOS = 1_000_000_000L / RATE;
  /** When the next event goes out. */
  private long next = System.nanoTime();
  private final Thread thread;
  private volatile boolean running = true;

  Burst(EventPublisher publisher, String prefix, String hostId) {
    this.publisher = publisher;
    this.prefix = prefix;
    this.hostId = hostId;
    this.thread = new Thread(this::run, "fault-burst-" + prefix);
    thread.start();
  }

  private void run() {
    int i = 0;
    while (running) {
      String id = "c-" + prefix + "-" + i;
      ContainerStarted start = ContainerStarted.newBuilder().setContainerId(id).setName(prefix + "-" + i)
          .setHostId(hostId).setNetworkId(SeedScenario.NETWORK).setNetns("nlc-" + prefix + "-" + i).build();
      send(start);
      if (i % 5 == 4) {
        send(ContainerStopped.newBuilder().setContainerId("c-" + prefix + "-" + (i - 3)).build());
      }
      i++;
    }
  }

  private void send(org.apache.avro.specific.SpecificRecord event) {
    LockSupport.parkNanos(next - System.nanoTime());
    try {
      acknowledged.add(publisher.publish(event));
      lastAck.set(System.nanoTime());
    } catch (RuntimeException e) {
      failed.incrementAndGet();
    }
    next = Math.max(next + INTERVAL_NANOS, System.nanoTime());
  }

  /** Stops publishing after the event in flight. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(60_000);
  }
}
