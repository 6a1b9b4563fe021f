/**
 * The topic catalogue: {@link io.netledger.events.topic.Topics} names every topic once, with its
 * value type, partitions, retention and single writer.
 *
 * <pre>{@code
 * Topic<ContainerEvent> t = Topics.CONTAINERS;
 * producer.send(new ProducerRecord<>(t.name(), containerId, serde.serializer().serialize(t.name(), event)));
 * int partition = HostPartitioner.partitionFor("H1", Topics.HOST_STATE.partitions());
 * }</pre>
 */
package io.netledger.events.topic;
