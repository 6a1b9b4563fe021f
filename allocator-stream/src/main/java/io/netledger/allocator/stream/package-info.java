/**
 * The allocator-stream Kafka Streams topology: a thin adapter that feeds the three input topics,
 * in one total order, to the pure allocator ({@link io.netledger.allocator.ipam}) and writes its
 * records to ipam-blocks, allocations, dns-records and rejected.
 *
 * <pre>{@code
 * StreamsBuilder builder = new StreamsBuilder();
 * AllocatorTopology.buildTopology(builder, AllocatorConfig.DEFAULT, topicSerdes);
 * Properties props = AllocatorTopology.streamsConfig("netledger-allocator", "192.0.2.1:9092");
 * props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
 * KafkaStreams streams = new KafkaStreams(builder.build(), props);
 * streams.start();
 * }</pre>
 */
package io.netledger.allocator.stream;
