/**
 * The mesh as a running service: Kafka Streams ({@code io.netledger.mesh.topology}) plus an
 * interactive-query HTTP API on Vert.x and Prometheus metrics, with the allocator's conventions
 * (JSON; 400 {"error": reason} malformed, 404 unknown, 503 not queryable yet; forwarding to the
 * instance that owns the store, found with {@code queryMetadataForKey}).
 *
 * <pre>{@code
 * Properties p = MeshAppConfig.load(Path.of("mesh.properties"));   // or new Properties()
 * p.setProperty(StreamsAppSettings.BOOTSTRAP, "127.0.0.1:9092");
 * p.setProperty(StreamsAppSettings.REGISTRY, registryUrl);
 * try (MeshApp app = MeshApp.start(MeshAppConfig.from(p))) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 * }
 * // GET /v1/hosts/{hostId}/state  -> {hostId, generation, slices: {key: slice + "type"}}
 * // GET /v1/hosts/{hostId}/peers  -> {hostId, peers: [Peer + "key"]}
 * // GET /metrics                  -> Prometheus text
 * }</pre>
 */
package io.netledger.mesh.app;
