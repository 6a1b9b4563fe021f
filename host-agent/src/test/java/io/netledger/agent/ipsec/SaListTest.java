package io.netledger.agent.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SaListTest {
  /** Captured from strongSwan 5.9.8 (`swanctl --list-sas --raw`) on this machine. */
  static final String RAW = "list-sa event {nl-b {uniqueid=3 version=2 state=ESTABLISHED local-host=10.99.0.1 "
      + "local-port=4500 local-id=CN=a.netledger remote-host=10.99.0.2 remote-port=4500 remote-id=CN=b.netledger "
      + "initiator=yes initiator-spi=e308ad7fd40fda70 responder-spi=5574b6fd7eee26c1 nat-remote=yes nat-any=yes "
      + "encr-alg=AES_GCM_16 encr-keysize=128 prf-alg=PRF_HMAC_SHA2_256 dh-group=ECP_256 established=2 "
      + "rekey-time=13804 child-sas {nl-b-1 {name=nl-b uniqueid=1 reqid=1 state=INSTALLED mode=TUNNEL protocol=ESP "
      + "encap=yes spi-in=f563d84c spi-out=8300a93d encr-alg=AES_GCM_16 encr-keysize=128 bytes-in=168 packets-in=2 "
      + "use-in=0 bytes-out=336 packets-out=4 use-out=0 rekey-time=3465 life-time=3958 install-time=2 "
      + "local-ts=[100.64.0.1/32] remote-ts=[100.64.0.2/32]}}}}\n"
      + "list-sa event {nl-c {uniqueid=4 version=2 state=CONNECTING local-host=10.99.0.1 local-port=500 "
      + "remote-host=10.99.0.3 remote-port=500 initiator=yes initiator-spi=01 responder-spi=00 child-sas {}}}\n"
      + "list-sas reply {}\n";

  @Test
  void readsStatesAndCountersPerConnection() {
    Map<String, SaList.IkeSa> sas = SaList.parse(RAW);
    assertEquals(2, sas.size());
    SaList.IkeSa b = sas.get("nl-b");
    assertEquals("ESTABLISHED", b.state());
    assertEquals("10.99.0.2", b.remoteHost());
    assertTrue(b.up());
    assertEquals(new SaList.ChildSa("nl-b", "INSTALLED", 168, 2, 336, 4), b.children().get(0));
    SaList.IkeSa c = sas.get("nl-c");
    assertEquals("CONNECTING", c.state());
    assertFalse(c.up());
    assertEquals(0, c.children().size());
  }

  @Test
  void noSasAndGarbageAreEmpty() {
    assertEquals(Map.of(), SaList.parse("list-sas reply {}\n"));
    assertEquals(Map.of(), SaList.parse("connecting to 'unix:///x' failed\n{ list-sa event"));
  }

  @Test
  void duringARekeyTheSaThatIsUpWins() {
    String old = "list-sa event {nl-b {uniqueid=9 state=REKEYING remote-host=10.99.0.2 child-sas {}}}\n";
    assertTrue(SaList.parse(RAW + old).get("nl-b").up());
    assertTrue(SaList.parse(old + RAW).get("nl-b").up());
  }
}
