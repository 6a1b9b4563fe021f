package io.netledger.mesh.app;

import io.netledger.support.streams.StreamsAppSettings;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How a mesh instance runs: the settings every stream app has ({@link StreamsAppSettings}), with
 * defaults {@value #DEFAULT_APPLICATION_ID} and port {@value #DEFAULT_HTTP_PORT}.
 */
public record MeshAppConfig(StreamsAppSettings app) {
  /** Where the mesh's query API listens unless told otherwise (the allocator uses 7070). */
  public static final int DEFAULT_HTTP_PORT = 7071;
  public static final String DEFAULT_APPLICATION_ID = "netledger-mesh";

  /** Reads a properties file; see {@link StreamsAppSettings#load}. */
  public static Properties load(Path file) {
    return StreamsAppSettings.load(file);
  }

  /** A config from properties (missing optional keys take their defaults). */
  public static MeshAppConfig from(Properties p) {
    return new MeshAppConfig(StreamsAppSettings.from(p, DEFAULT_APPLICATION_ID, DEFAULT_HTTP_PORT));
  }
}
