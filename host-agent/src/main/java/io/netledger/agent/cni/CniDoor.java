package io.netledger.agent.cni;

import io.netledger.agent.kernel.Kernel;
import io.netledger.agent.runtime.LogListener;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's CNI door, assembled: the log listener that watches endpoints, the rejection
 * watch, a publisher for the containers topic (as an orchestrator would have) and the socket.
 * {@link io.netledger.agent.runtime.Agent} adds {@link #listener()} to its loop and closes this
 * with itself.
 */
public final class CniDoor implements AutoCloseable {
  private final EndpointWatch watch;
  private final RejectionWatch rejections;
  private final EventPublisher publisher;
  private final CniSocketServer server;

  private CniDoor(EndpointWatch watch, RejectionWatch rejections, EventPublisher publisher, CniSocketServer server) {
    this.watch = watch;
    this.rejections = rejections;
    this.publisher = publisher;
    this.server = server;
  }

  /**
   * @param socket where the plugin connects, e.g. {@code /run/netledger/cni.sock}
   * @param stateDir where attachments are recorded (survives agent restarts)
   * @param timeout how long ADD waits for the allocator and the kernel
   */
  public static CniDoor start(String hostId, String bootstrap, String registryUrl, SchemaRegistry registry,
      Kernel kernel, Path socket, Path stateDir, Duration timeout) {
    EndpointWatch watch = new EndpointWatch();
    RejectionWatch rejections = null;
    EventPublisher publisher = null;
    try {
      rejections = RejectionWatch.start(bootstrap, registry, hostId);
      publisher = EventPublisher.create(PublisherConfig.of(bootstrap, registryUrl, "netledger-cni@" + hostId)
          .withTimeout(Duration.ofSeconds(10)));
      EventPublisher p = publisher;
      CniService service = new CniService(hostId, p::publish, watch, rejections::of, kernel,
          new Attachments(stateDir), timeout);
      return new CniDoor(watch, rejections, publisher, CniSocketServer.start(socket, service));
    } catch (RuntimeException e) {
      if (publisher != null) {
        publisher.close();
      }
      if (rejections != null) {
        rejections.close();
      }
      throw e;
    }
  }

  public LogListener listener() {
    return watch;
  }

  public Path socket() {
    return server.path();
  }

  @Override
  public void close() {
    server.close();
    rejections.close();
    publisher.close();
  }
}
