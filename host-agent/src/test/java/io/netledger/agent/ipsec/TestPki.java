package io.netledger.agent.ipsec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away cluster CA and host credentials made with the openssl command (ECDSA P-256), laid
 * out as {@link Credentials} expects: {@code <dir>/<host>/{ca.pem,host.pem,host.key}}. Tests only:
 * an operator uses their own CA.
 */
public final class TestPki {
  private final Path dir;

  public TestPki(Path dir) {
    this.dir = dir;
    openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
    openssl(dir, "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=netledger test CA", "-days", "2",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-out", "ca.pem");
  }

  /** Null when openssl is there, else why tests that need certificates are skipped. */
  public static String unavailable() {
    try {
      return new ProcessBuilder("openssl", "version").start().waitFor() == 0 ? null : "openssl does not run";
    } catch (IOException | InterruptedException e) {
      return "openssl is missing (apt-get install -y openssl)";
    }
  }

  /** Issues {@code CN=<cn>} to a host and returns the host's credentials directory. */
  public Path issue(String host, String cn) {
    return issueSubject(host, "/CN=" + cn);
  }

  /** Issues the cluster CA's subject of {@code p} ({@code /O=netledger/OU=hosts/CN=H1}) into {@code <dir>/<host>}. */
  public Path issue(String host, io.netledger.events.security.Principal p) {
    return issueSubject(host, p.opensslSubject());
  }

  private Path issueSubject(String host, String subject) {
    try {
      Path h = Files.createDirectories(dir.resolve(host));
      Files.copy(dir.resolve("ca.pem"), h.resolve(Credentials.CA), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      openssl(h, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", Credentials.KEY);
      openssl(h, "req", "-new", "-key", Credentials.KEY, "-subj", subject, "-out", "host.csr");
      openssl(h, "x509", "-req", "-in", "host.csr", "-CA", dir.resolve("ca.pem").toString(), "-CAkey",
          dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-out", Credentials.CERT);
      return h;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void openssl(Path cwd, String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
