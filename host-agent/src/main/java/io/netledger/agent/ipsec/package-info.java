/**
 * Encrypted networks: one strongSwan charon per host, IKEv2 tunnels to the peers of the host's
 * {@code IPSEC} networks, carrying VXLAN between per-host {@link io.netledger.agent.ipsec.TunnelAddress
 * tunnel addresses}.
 *
 * <p>Pure: {@link io.netledger.agent.ipsec.TunnelPlan} (host-state slices in, one
 * {@link io.netledger.agent.ipsec.Tunnel} per peer out), {@link io.netledger.agent.ipsec.SwanctlConfig}
 * (the configuration text), {@link io.netledger.agent.ipsec.SaList} (parses SA listings). I/O:
 * {@link io.netledger.agent.ipsec.Charon} (the daemon, private /run), {@link io.netledger.agent.ipsec.Swanctl}
 * (load, list, initiate, terminate), {@link io.netledger.agent.ipsec.IpsecManager} (supervision on
 * its own thread), {@link io.netledger.agent.ipsec.IpsecMetrics} (/metrics). Credentials never
 * travel on the log: see {@link io.netledger.agent.ipsec.Credentials} for the directory an operator
 * lays out on each host.
 *
 * <pre>{@code
 * IpsecConfig cfg = IpsecConfig.of(Path.of("/etc/netledger/ipsec"), Path.of("/var/lib/netledger/ipsec-H2"));
 * String refusal = cfg.refusal(CapabilityProbe.probe());       // null: this host can encrypt
 * IpsecManager ipsec = new IpsecManager(Credentials.load(cfg.credentialsDir()), true, cfg.workDir(),
 *     List.of(), cfg.responderGrace(), Clock.systemUTC())
 *     .startSupervising(cfg.checkInterval(), new IpsecMetrics(meters, "H2"));
 * ipsec.update(TunnelPlan.from("H2", "198.51.100.12", image.slices().values()));  // after each apply
 * ipsec.status().tunnelsUp();                                  // what agent-status reports
 * }</pre>
 */
package io.netledger.agent.ipsec;
