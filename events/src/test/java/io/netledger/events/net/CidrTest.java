package io.netledger.events.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void parsesAndCutsIntoBlocks() {
    Cidr pool = Cidr.parse("10.42.0.0/16");
    assertEquals(65536, pool.size());
    assertEquals("10.42.255.255", pool.last().toString());
    assertEquals(1024, pool.subnets(26).count());
    assertEquals("10.42.0.64/26", pool.subnets(26).skip(1).findFirst().orElseThrow().toString());
    assertTrue(pool.contains(Ipv4.parse("10.42.64.98")));
    assertFalse(pool.contains(Ipv4.parse("10.43.0.1")));
    assertEquals(Cidr.parse("10.42.64.64/26"), Cidr.containing(Ipv4.parse("10.42.64.98"), 26));
  }

  @Test
  void rejectsMalformedText() {
    for (String bad : new String[] {"10.42.0.0", "10.42.0.0/33", "10.42.0.1/16", "10.42.0/16", "a.b.c.d/8", "10.42.0.0/"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad));
      assertTrue(e.getMessage().contains(bad.split("/")[0]) || e.getMessage().contains(bad), e.getMessage());
    }
    for (String bad : new String[] {"256.1.1.1", "1.1.1", "01.1.1.1", "1.1.1.1.1", "", " 1.1.1.1"}) {
      assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(bad), bad);
    }
  }

  @Test
  void derivesLocallyAdministeredMacs() {
    assertEquals("0a:58:0a:2a:40:62", Macs.fromIpv4("10.42.64.98"));
  }
}
