/**
 * The publisher library orchestrators call: validate at the edge, wrap in the envelope, encode
 * against the registry, return only when Kafka acknowledged.
 *
 * <pre>{@code
 * try (EventPublisher p = EventPublisher.create(PublisherConfig.of(bootstrap, registryUrl, "my-orchestrator"))) {
 *   Published at = p.publish(NetworkCreated.newBuilder().setNetworkId("managed").setName("managed")
 *       .setCidr("10.42.0.0/16").setVni(4242).build());
 *   System.out.println(at.topic() + "/" + at.partition() + "@" + at.offset());
 * }
 * }</pre>
 */
package io.netledger.events.publish;
