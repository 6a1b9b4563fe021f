/**
 * One lifecycle for netledger's Kafka Streams apps (the allocator and the mesh): settings both
 * share ({@link io.netledger.support.streams.StreamsAppSettings}: exactly-once, commit interval,
 * standby replicas), start with a query server, await RUNNING, periodic tasks, and a close that
 * stops Streams before the server ({@link io.netledger.support.streams.StreamsService}).
 *
 * <pre>{@code
 * StreamsService service = new StreamsService("allocator", STORE, prometheus);
 * service.listen("127.0.0.1", 7070, routes -> routes.get("/v1/allocations/:id", ...));
 * service.start(props, overrides, p -> new KafkaStreams(topology, p));
 * service.awaitRunning(Duration.ofSeconds(60));
 * }</pre>
 */
package io.netledger.support.streams;
