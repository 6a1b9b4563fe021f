package io.netledger.events.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster CA: one ECDSA P-256 key and self-signed certificate in a directory, issuing every
 * principal its credentials (ECDSA P-256, PKCS#8 key readable by its owner only).
 *
 * <p>In: a directory ({@code ca.key}, {@code ca.pem}). Out: a credentials directory per principal
 * with {@code ca.pem} and {@code host.pem}/{@code host.key} (a host: the names its agent's IPsec
 * and {@link KafkaTls} read) or {@code client.pem}/{@code client.key} (everyone else). Subjects
 * come from {@link Principal#opensslSubject()} and nowhere else.
 *
 * <p>Runs {@code openssl} rather than a Java library: the JDK cannot write certificates, the
 * hosts already need openssl-compatible PEM for strongSwan, and BouncyCastle would be a large
 * dependency for four commands.
 *
 * <pre>{@code
 * ClusterCa ca = ClusterCa.init(Path.of("/etc/netledger/ca"));
 * ca.issue(Principal.host("H1"), Path.of("/etc/netledger/H1"), List.of());
 * ca.issue(Principal.component("broker"), dir, List.of("127.0.0.1", "192.0.2.10")); // IP SANs
 * }</pre>
 */
public final class ClusterCa {
  /** The CA's private key: never leaves this directory. */
  public static final String CA_KEY = "ca.key";
  public static final String CA_CERT = KafkaTls.CA;
  private static final int DAYS = 825;

  private final Path dir;

  private ClusterCa(Path dir) {
    this.dir = dir;
  }

  /** Opens the CA in {@code dir}, creating its key and certificate if absent (idempotent). */
  public static ClusterCa init(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    ClusterCa ca = new ClusterCa(dir);
    if (!Files.exists(dir.resolve(CA_CERT))) {
      String key = ca.path(CA_KEY);
      openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
      ownerOnly(dir.resolve(CA_KEY));
      openssl("req", "-x509", "-new", "-key", key, "-subj", "/O=" + Principal.ORGANIZATION + "/CN=netledger cluster CA",
          "-days", String.valueOf(DAYS), "-addext", "basicConstraints=critical,CA:TRUE",
          "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", ca.path(CA_CERT));
    }
    return ca;
  }

  /** The CA in {@code dir}, which must exist ({@link IllegalArgumentException} if not). */
  public static ClusterCa open(Path dir) {
    if (!Files.exists(dir.resolve(CA_CERT)) || !Files.exists(dir.resolve(CA_KEY))) {
      throw new IllegalArgumentException("no cluster CA in " + dir + " (run `netledger pki init --dir " + dir + "`)");
    }
    return new ClusterCa(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path caCert() {
    return dir.resolve(CA_CERT);
  }

  /**
   * Issues {@code who} a certificate into {@code target} (created; existing files replaced).
   *
   * @param ipSans IP addresses the certificate is valid for as a server (a broker's listeners),
   *     empty for a client
   * @return the credentials, as {@link KafkaTls} reads them
   */
  public KafkaTls issue(Principal who, Path target, List<String> ipSans) {
    boolean host = who.kind() == Principal.Kind.HOST;
    Path cert = target.resolve(host ? KafkaTls.HOST_CERT : KafkaTls.CLIENT_CERT);
    Path key = target.resolve(host ? KafkaTls.HOST_KEY : KafkaTls.CLIENT_KEY);
    try {
      Files.createDirectories(target);
      Files.copy(caCert(), target.resolve(CA_CERT), StandardCopyOption.REPLACE_EXISTING);
      Path csr = Files.createTempFile(target, "req", ".csr");
      Path ext = Files.createTempFile(target, "ext", ".cnf");
      try {
        StringBuilder e = new StringBuilder("basicConstraints=critical,CA:FALSE\n"
            + "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n");
        if (!ipSans.isEmpty()) {
          e.append("subjectAltName=").append(String.join(",", ipSans.stream().map(a -> "IP:" + a).toList())).append('\n');
        }
        Files.writeString(ext, e, StandardCharsets.US_ASCII);
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        ownerOnly(key);
        openssl("req", "-new", "-key", key.toString(), "-subj", who.opensslSubject(), "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", path(CA_CERT), "-CAkey", path(CA_KEY),
            "-CAcreateserial", "-days", String.valueOf(DAYS), "-extfile", ext.toString(), "-out", cert.toString());
      } finally {
        Files.deleteIfExists(csr);
        Files.deleteIfExists(ext);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write credentials for " + who + " into " + target + ": " + e.getMessage(), e);
    }
    return new KafkaTls(target.resolve(CA_CERT), cert, key);
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private static void ownerOnly(Path key) {
    try {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException("cannot make " + key + " readable by its owner only: " + e.getMessage(), e);
    }
  }

  private static void openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run openssl (package openssl): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running openssl", e);
    }
  }
}
