/**
 * A small client for the Confluent Schema Registry REST API (Confluent's own is not on Maven
 * Central): register, look up, fetch by id, check compatibility. Works against Apicurio's
 * {@code /apis/ccompat/v7}. {@link io.netledger.events.registry.InMemorySchemaRegistry} stands in
 * for tests.
 *
 * <pre>{@code
 * SchemaRegistry registry = RegistryConfig.connect("http://127.0.0.1:8081/apis/ccompat/v7");
 * int id = registry.register(Topics.CONTAINERS.valueSubject(), ContainerEvent.getClassSchema());
 * Schema writer = registry.byId(id);
 * try {
 *   registry.register(subject, incompatible);
 * } catch (SchemaRegistryException e) {
 *   // e.status() == 409, e.registryMessage() is the registry's own explanation, e.url() the request
 * }
 * }</pre>
 */
package io.netledger.events.registry;
