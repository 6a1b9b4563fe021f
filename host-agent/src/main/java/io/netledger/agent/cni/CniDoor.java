package io.netledger.agent.cni;

import io.netledger.agent.gateway.GatewayClient;
import io.netledger.agent.gateway.GatewayException;
import io.netledger.agent.kernel.Kernel;
import io.netledger.agent.runtime.LogListener;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.PublisherConfig;
import io.netledger.events.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's CNI door, assembled: the log listener that watches endpoints, the rejection
 * watch, how container events leave the host, and the socket. Events go through the gateway over
 * mTLS with the host's certificate when one is configured (the gateway holds the host to its own
 * containers), else straight to the containers topic with a publisher of its own (experiments,
 * an insecure cluster).
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
    return start(hostId, bootstrap, registryUrl, registry, kernel, socket, stateDir, timeout, null);
  }

  /** As above; with {@code gateway}, events go through it instead of straight to the broker. */
  public static CniDoor start(String hostId, String bootstrap, String registryUrl, SchemaRegistry registry,
      Kernel kernel, Path socket, Path stateDir, Duration timeout, GatewayClient gateway) {
    return start(hostId, bootstrap, null, registryUrl, registry, kernel, socket, stateDir, timeout, gateway);
  }

  /** As above, its Kafka clients as the host whose credentials are in {@code tlsDir} (null: plaintext). */
  public static CniDoor start(String hostId, String bootstrap, Path tlsDir, String registryUrl, SchemaRegistry registry,
      Kernel kernel, Path socket, Path stateDir, Duration timeout, GatewayClient gateway) {
    EndpointWatch watch = new EndpointWatch();
    RejectionWatch rejections = null;
    EventPublisher publisher = null;
    try {
      rejections = RejectionWatch.start(bootstrap, tlsDir, registry, hostId);
      CniService.Publisher send;
      if (gateway != null) {
        send = payload -> {
          try {
            return gateway.publish(payload);
          } catch (GatewayException e) {
            // Refused: retrying cannot help, the plugin says why; no answer or 503: the runtime may retry.
            throw new CniError(e.refused() ? CniError.FORBIDDEN : CniError.PUBLISH_FAILED, e.getMessage(), "");
          }
        };
      } else {
        publisher = EventPublisher.create(PublisherConfig.of(bootstrap, registryUrl, "netledger-cni@" + hostId)
            .withTimeout(Duration.ofSeconds(10)).withTls(tlsDir));
        send = publisher::publish;
      }
      CniService service = new CniService(hostId, send, watch, rejections::of, kernel,
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
    if (publisher != null) {
      publisher.close();
    }
  }
}
