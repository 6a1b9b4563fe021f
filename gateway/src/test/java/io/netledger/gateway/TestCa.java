package io.netledger.gateway;

import io.netledger.events.security.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA for the gateway's unit tests (openssl, P-256), issuing what the cluster CA
 * issues: {@code <name>.pem} + {@code <name>.key} (PKCS#8) with a principal's subject. The it tests
 * use devcluster's Pki; the gateway module does not depend on devcluster.
 */
final class TestCa {
  final Path dir;

  TestCa(Path dir, String cn) throws IOException {
    this.dir = Files.createDirectories(dir);
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", p("ca.key"));
    openssl("req", "-x509", "-new", "-key", p("ca.key"), "-subj", "/CN=" + cn, "-days", "2",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-out", p("ca.pem"));
  }

  Path ca() {
    return dir.resolve("ca.pem");
  }

  /** Issues {@code <name>.pem}/{@code <name>.key} for {@code subject}, valid for 127.0.0.1 and localhost. */
  Path issue(String name, String subject) throws IOException {
    Path ext = dir.resolve(name + ".ext");
    Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", p(name + ".key"));
    openssl("req", "-new", "-key", p(name + ".key"), "-subj", subject, "-out", p(name + ".csr"));
    openssl("x509", "-req", "-in", p(name + ".csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"), "-CAcreateserial",
        "-days", "2", "-extfile", ext.toString(), "-out", p(name + ".pem"));
    return dir.resolve(name + ".pem");
  }

  Path issue(String name, Principal principal) throws IOException {
    return issue(name, principal.opensslSubject());
  }

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  private static void openssl(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!pr.waitFor(30, TimeUnit.SECONDS) || pr.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + new String(pr.getInputStream().readAllBytes()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
