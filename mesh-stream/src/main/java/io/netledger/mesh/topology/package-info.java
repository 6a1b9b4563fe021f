/**
 * The mesh-stream Kafka Streams topology: a thin adapter that feeds the four input topics, in one
 * order, to {@link io.netledger.mesh.state.MeshDelta} and writes host-state slices to each host's
 * partition ({@link io.netledger.mesh.topology.HostStatePartitioner}) and rejections to
 * {@code netledger.rejected.v1}.
 *
 * <pre>{@code
 * StreamsBuilder builder = new StreamsBuilder();
 * MeshTopology.buildTopology(builder, registrySerdes);   // or AvroBinary.topicSerdes() in tests
 * KafkaStreams streams = new KafkaStreams(builder.build(),
 *     MeshTopology.streamsConfig("127.0.0.1:9092", "/var/lib/netledger/mesh"));
 * streams.start();
 * }</pre>
 */
package io.netledger.mesh.topology;
