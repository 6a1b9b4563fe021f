/**
 * DNS names of containers (as rancher-dns) and the immutable A-record zone of one network.
 *
 * <pre>{@code
 * SortedSet<String> names = DnsNames.of("mongo-1", "mongo", "rocket-chat", List.of("db"), "rancher.internal");
 * // [db.rocket-chat.rancher.internal, mongo-1.rancher.internal, mongo.rocket-chat.rancher.internal]
 * DnsZone.Update u = DnsZone.EMPTY.add("managed", ip, names, 600, occurredAt, cause);
 * u.changes();   // fqdn -> DnsRecord (null: tombstone)
 * }</pre>
 */
package io.netledger.allocator.dns;
