/**
 * The query API pieces both stream apps share: a Vert.x server that answers from a Streams store
 * and forwards to the instance that owns a key, JSON answers and id checks.
 *
 * <pre>{@code
 * QueryServer server = new QueryServer("127.0.0.1", 7070, prometheus, s ->
 *     s.get("/v1/things/:id", ctx -> ctx.pathParam("id"), ctx -> Answer.ok(new JsonObject())));
 * vertx.deployVerticle(server).await();
 * }</pre>
 *
 * Vert.x, Micrometer and Kafka Streams are optional dependencies of this module: only the stream
 * apps that use this package bring them; the publisher library does not.
 */
package io.netledger.support.http;
