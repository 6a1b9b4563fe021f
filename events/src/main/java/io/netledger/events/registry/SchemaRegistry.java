package io.netledger.events.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that netledger's serdes need.
 *
 * <p>Ids are the registry's global schema ids, the ones written after the magic byte of the
 * Confluent wire format. Every method throws {@link SchemaRegistryException} when the registry
 * says no or cannot be reached; the exception carries the registry's own message.
 */
public interface SchemaRegistry {

  /**
   * Registers {@code schema} under {@code subject} (a no-op when it is already there) and returns
   * its id. Fails with status 409 when the subject's compatibility rule refuses it.
   */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} under {@code subject}, without registering it. Fails with status 404
   * when the subject does not exist or does not hold that schema.
   */
  int lookup(String subject, Schema schema);

  /** The schema with global id {@code id}. Fails with status 404 when no such id exists. */
  Schema byId(int id);

  /**
   * Whether {@code schema} may be registered as the next version of {@code subject} under the
   * subject's compatibility rule. A subject without versions accepts anything.
   */
  boolean isCompatible(String subject, Schema schema);
}
