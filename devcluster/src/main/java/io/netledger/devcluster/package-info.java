/**
 * The embedded development cluster: a single-node KRaft Kafka broker and an Apicurio schema
 * registry, each a child process, with every catalogue topic created. Used by
 * {@code netledger dev}, the demo and the integration tests; no Docker needed.
 *
 * <pre>{@code
 * DevCluster.Options options = DevCluster.Options.in(Path.of("/tmp/netledger-dev"))
 *     .withListenAddress("192.0.2.1")            // reachable from network namespaces
 *     .withProgress(System.out::println);
 * try (DevCluster cluster = DevCluster.start(options)) {
 *   String bootstrap = cluster.bootstrapServers(); // "192.0.2.1:40123"
 *   String registry = cluster.registryUrl();       // "http://192.0.2.1:40125/apis/ccompat/v7"
 *   // other processes: ClusterInfo.read(Path.of("/tmp/netledger-dev/cluster.json"))
 * }                                                // both processes stopped, ports free
 * }</pre>
 *
 * <p>Start failures throw {@link io.netledger.devcluster.ClusterStartException} naming the part
 * that failed and the log file to read (its last lines are in the message).
 */
package io.netledger.devcluster;
