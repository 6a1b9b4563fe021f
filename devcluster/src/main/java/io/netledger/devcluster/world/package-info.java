/**
 * The namespace test world: hosts and containers as Linux network namespaces on an underlay
 * bridge this package makes itself (TEST-NET-2, 198.51.100.0/24), a {@code DevCluster} listening
 * on the bridge, and netledger's apps and agents as separate JVMs, agents inside their host
 * namespaces. The demo, the benches and {@code it/} build on it; only one world exists at a time
 * (a lock file), and everything it made is removed on close, on failure and by {@code demo down}.
 *
 * <pre>{@code
 * try (PacketWorld world = PacketWorld.start(dir, List.of("H1", "H2"), System.out::println)) {
 *   world.publish(SeedScenario.network(Encryption.IPSEC));
 *   world.world().addContainer("mongo");                      // nlc-mongo
 *   String ip = world.startContainer(SeedScenario.container("mongo", "H2"), Duration.ofSeconds(30));
 *   Shell.run(List.of("ip", "netns", "exec", "nlc-mongo", "ping", "-c1", ip), 5);
 * }
 * }</pre>
 *
 * <p>{@link io.netledger.devcluster.world.NetledgerProcess} starts {@code netledger <args>} on
 * this JVM's classpath; the class it runs is the CLI's {@code io.netledger.cli.Main}, named as a
 * string (a process to start, not a compile-time dependency on the module above).
 */
package io.netledger.devcluster.world;
