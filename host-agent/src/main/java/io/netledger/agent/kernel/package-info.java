/**
 * The narrow kernel interface and its two implementations. Kernel objects
 * ({@link io.netledger.agent.kernel.Link}, {@link io.netledger.agent.kernel.Address},
 * {@link io.netledger.agent.kernel.Route}, {@link io.netledger.agent.kernel.Neighbour},
 * {@link io.netledger.agent.kernel.FdbEntry}, {@link io.netledger.agent.kernel.Rule},
 * {@link io.netledger.agent.kernel.Sysctl}) are values with a {@code key()} (kernel identity) and
 * record equality (same settings). {@link io.netledger.agent.kernel.Kernel} reads a namespace and
 * applies batches; {@link io.netledger.agent.kernel.FakeKernel} is a stateful stand-in for unit tests,
 * {@link io.netledger.agent.kernel.Iproute2Kernel} drives {@code ip}/{@code bridge}.
 *
 * <pre>{@code
 * FakeKernel kernel = new FakeKernel().createNamespace(Namespace.of("mongo"));
 * kernel.failNext(Namespace.HOST, Route.direct(100, "10.42.0.66/32", "nlv0123456789", Owned.ROUTE_PROTOCOL));
 * List<Result> results = kernel.apply(Namespace.HOST, List.of(Change.add(someLink)));
 * KernelState host = kernel.read(Namespace.HOST);       // assert on final state, not on calls
 *
 * Kernel real = Iproute2Kernel.forHostNamespace("nlt-1a2b3c-h1");   // or inCurrentNamespace()
 * }</pre>
 */
package io.netledger.agent.kernel;
