package io.netledger.agent.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netledger.avro.KernelCapabilities;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
  @TempDir
  Path tmp;

  @Test
  void aHostCertificateFromTheClusterCaGivesTheIdentity() {
    assumeTrue(TestPki.unavailable() == null, TestPki.unavailable());
    Path dir = new TestPki(tmp).issue("H1", "h1.netledger");
    Credentials c = Credentials.load(dir);
    assertEquals("CN=h1.netledger", c.subject());
  }

  @Test
  void missingOrBrokenCredentialsAreRefusedWithTheReason() throws Exception {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Credentials.load(null));
    assertTrue(none.getMessage().contains("--ipsec-dir"), none.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Credentials.load(tmp));
    assertTrue(missing.getMessage().contains("ca.pem"), missing.getMessage());
    for (String f : new String[] {Credentials.CA, Credentials.CERT, Credentials.KEY}) {
      Files.writeString(tmp.resolve(f), "not pem");
    }
    IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, () -> Credentials.load(tmp));
    assertTrue(broken.getMessage().contains("not an X.509 certificate"), broken.getMessage());
  }

  @Test
  void aHostWithoutEspOrLibipsecRefusesWhateverItsCredentials() {
    KernelCapabilities none = KernelCapabilities.newBuilder().setVxlan(true).setPolicyRouting(true)
        .setKernelEsp(false).setLibipsec(false).build();
    String why = IpsecConfig.of(tmp, tmp.resolve("work")).refusal(none);
    assertTrue(why.contains("neither kernel ESP nor strongSwan's kernel-libipsec"), why);
  }
}
