/**
 * The agent's DNS: the view it answers from ({@link io.netledger.agent.dns.DnsView}, built by
 * replaying {@code netledger.dns-records.v1} and this host's {@code netledger.host-state.v1}
 * slices through a {@link io.netledger.agent.dns.DnsDelta}), the pure answering rules
 * ({@link io.netledger.agent.dns.DnsAnswerer}) and the UDP+TCP server on 169.254.169.250:53
 * ({@link io.netledger.agent.dns.DnsServer}) that forwards names outside the networks' domains.
 *
 * <pre>{@code
 * AtomicReference<DnsView> view = new AtomicReference<>(DnsView.empty("h2"));
 * DnsDelta delta = new DnsDelta(view.get());
 * for (ConsumerRecord<String, DnsRecord> r : records) delta.replayDnsRecord(r.key(), r.value());
 * for (ConsumerRecord<String, HostStateSlice> r : slices) delta.replayHostState(r.key(), r.value());
 * view.set(delta.apply());
 *
 * List<InetSocketAddress> upstreams = Upstreams.fromResolvConf(Path.of("/etc/resolv.conf"),
 *     InetAddress.getByName(DnsServerConfig.PRODUCTION_ADDRESS));
 * DnsServer dns = new DnsServer(DnsServerConfig.of(DnsServerConfig.PRODUCTION_ADDRESS, 53, upstreams),
 *     view::get, meterRegistry);
 * vertx.deployVerticle(dns).await();   // fails when port 53 cannot be bound
 * // from a container of network "managed" (source 10.42.0.5):
 * //   dig @169.254.169.250 hubot.rocket-chat.rancher.internal   -> A 10.42.0.7, TTL from the record
 * }</pre>
 */
package io.netledger.agent.dns;
