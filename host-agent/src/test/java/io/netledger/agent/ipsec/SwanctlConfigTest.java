package io.netledger.agent.ipsec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwanctlConfigTest {
  @Test
  void libipsecComesBeforeKernelNetlinkInAnExplicitLoadList() {
    String conf = SwanctlConfig.strongswanConf(Path.of("/run/x/charon.vici"), Path.of("/run/x/charon.log"), true);
    assertTrue(conf.contains("kernel-libipsec kernel-netlink socket-default vici"), conf);
    assertTrue(conf.contains("socket = unix:///run/x/charon.vici"), conf);
    String kernel = SwanctlConfig.strongswanConf(Path.of("/s"), Path.of("/l"), false);
    assertFalse(kernel.contains("kernel-libipsec"), kernel);
  }

  @Test
  void oneConnectionPerTunnelWithModernProposalsAndNoSecret() {
    Tunnel t = new Tunnel("nl-H1", "H1", "198.51.100.12", "198.51.100.11", "100.115.100.12", "100.115.100.11",
        "CN=h1.netledger", false);
    String conf = SwanctlConfig.swanctlConf(List.of(t));
    for (String s : List.of("nl-H1 {", "version = 2", "encap = yes", "local_addrs = 198.51.100.12",
        "remote_addrs = 198.51.100.11", "aes128gcm16-prfsha256-ecp256", "id = \"CN=h1.netledger\"",
        "local_ts = 100.115.100.12/32", "remote_ts = 100.115.100.11/32", "dpd_delay = 10s", "keyingtries = 0",
        "auth = pubkey", "cacerts = ca.pem", "certs = host.pem")) {
      assertTrue(conf.contains(s), s + " in\n" + conf);
    }
    assertFalse(conf.contains("secret"), conf);
    assertFalse(conf.contains("trap"), "trap does nothing with libipsec");
    assertTrue(SwanctlConfig.swanctlConf(List.of()).contains("connections {\n}"));
  }
}
