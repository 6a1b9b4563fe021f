/**
 * The allocator as a running service: Kafka Streams ({@code io.netledger.allocator.stream}) plus
 * an interactive-query HTTP API on Vert.x and Prometheus metrics. Answers come from the image
 * store of the instance that owns it ({@code queryMetadataForKey}); other instances forward.
 *
 * <pre>{@code
 * Properties p = AllocatorAppConfig.load(Path.of("allocator.properties"));   // or new Properties()
 * p.setProperty(StreamsAppSettings.BOOTSTRAP, "127.0.0.1:9092");
 * p.setProperty(StreamsAppSettings.REGISTRY, registryUrl);
 * try (AllocatorApp app = AllocatorApp.start(AllocatorAppConfig.from(p))) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 * }
 * // GET /v1/allocations/{containerId}            -> Allocation (ALLOCATED/RELEASED/FAILED)
 * // GET /v1/networks/{networkId}/addresses/{ip}  -> {holder, allocation}
 * // GET /v1/networks/{networkId}/usage           -> {usable, held, quarantined, free, blocks, hosts}
 * // GET /v1/dns/{networkId}/{fqdn}               -> DnsRecord
 * // GET /metrics                                 -> Prometheus text
 * // 400 {"error": reason} malformed, 404 unknown, 503 not queryable yet
 * }</pre>
 */
package io.netledger.allocator.app;
