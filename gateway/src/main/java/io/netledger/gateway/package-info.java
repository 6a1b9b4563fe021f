/**
 * The HTTP event gateway: the language-neutral door onto the log for orchestrators that are not
 * Java programs. JSON bodies mirror the Avro input events; the same rules as the publisher
 * library apply ({@link io.netledger.events.validate.EventValidator}); 202 only once Kafka
 * acknowledged. The contract is {@code openapi.json} beside these classes (served at
 * {@code /openapi.json}).
 *
 * <pre>{@code
 * EventPublisher publisher = EventPublisher.create(PublisherConfig.of(bootstrap, registryUrl, "gateway"));
 * try (Gateway g = Gateway.start(GatewayConfig.of("127.0.0.1", 8088), EventSink.of(publisher), publisher)) {
 *   // curl -H 'Content-Type: application/json' -H 'Idempotency-Key: k1' \
 *   //      -d '{"networkId":"n1","name":"managed",...}' http://127.0.0.1:8088/v1/networks
 * }
 * }</pre>
 *
 * <p>It lives in {@code cli} rather than {@code events} because it is a server with Vert.x
 * underneath, which orchestrators embedding the publisher library should not have to carry.
 */
package io.netledger.gateway;
