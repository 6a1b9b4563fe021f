package io.netledger.mesh.app;

import io.netledger.mesh.state.PeerFanout;
import io.netledger.support.streams.StreamsAppSettings;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How a mesh instance runs: the settings every stream app has ({@link StreamsAppSettings}), with
 * defaults {@value #DEFAULT_APPLICATION_ID} and port {@value #DEFAULT_HTTP_PORT}.
 */
public record MeshAppConfig(StreamsAppSettings app, PeerFanout peers) {
  /**
   * Key {@value}: {@code per-host} (default; what agents read today) or {@code per-network}
   * (adverts once per change on netledger.network-peers.v1; see {@link PeerFanout}).
   */
  public static final String PEERS = "peers";

  /** Where the mesh's query API listens unless told otherwise (the allocator uses 7070). */
  public static final int DEFAULT_HTTP_PORT = 7071;
  public static final String DEFAULT_APPLICATION_ID = "netledger-mesh";

  /** Reads a properties file; see {@link StreamsAppSettings#load}. */
  public static Properties load(Path file) {
    return StreamsAppSettings.load(file);
  }

  /** A config from properties (missing optional keys take their defaults). */
  public static MeshAppConfig from(Properties p) {
    String peers = p.getProperty(PEERS, "per-host").trim();
    PeerFanout fanout = switch (peers) {
      case "per-host" -> PeerFanout.PER_HOST;
      case "per-network" -> PeerFanout.PER_NETWORK;
      default -> throw new IllegalArgumentException(PEERS + " must be per-host or per-network, not '" + peers + "'");
    };
    return new MeshAppConfig(StreamsAppSettings.from(p, DEFAULT_APPLICATION_ID, DEFAULT_HTTP_PORT), fanout);
  }
}
