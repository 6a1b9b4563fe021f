package io.netledger.events.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTlsTest {

  @TempDir Path dir;

  @Test
  void readsWhatOpensslIssues() throws Exception {
    Assumptions.assumeTrue(run("openssl", "version") == 0, "openssl is installed by .ci/install");
    String ca = dir.resolve("ca.pem").toString();
    String caKey = dir.resolve("ca.key").toString();
    String key = dir.resolve("host.key").toString();
    String csr = dir.resolve("host.csr").toString();
    String cert = dir.resolve("host.pem").toString();
    assertEquals(0, run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", caKey, "-subj", "/CN=test CA", "-days", "1", "-out", ca));
    assertEquals(0, run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key));
    assertEquals(0, run("openssl", "req", "-new", "-key", key, "-subj", Principal.host("H1").opensslSubject(),
        "-out", csr));
    assertEquals(0, run("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial",
        "-days", "1", "-out", cert));

    PemTls tls = PemTls.load(Path.of(ca), Path.of(cert), Path.of(key));
    assertEquals(Optional.of(Principal.host("H1")), tls.principal());
    assertNotNull(tls.sslContext());
  }

  @Test
  void namesTheFileThatIsWrong() throws Exception {
    Path bad = Files.writeString(dir.resolve("key.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PemTls.load(dir.resolve("missing.pem"), bad, bad));
    assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
  }

  private int run(String... cmd) throws Exception {
    return new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile())
        .start().waitFor();
  }
}
