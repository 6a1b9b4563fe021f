package io.netledger.agent.ipsec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * A host's IKE credentials, provided by the operator on the host's own disk: nothing secret is
 * ever on a topic. The directory the agent is pointed at ({@code netledger agent --ipsec-dir DIR})
 * holds:
 * <ul>
 *   <li>{@code ca.pem}: the cluster CA certificate every host trusts (only certificates it signed
 *       authenticate a peer);</li>
 *   <li>{@code host.pem}: this host's certificate, signed by that CA, whose subject is the
 *       {@code ikeIdentity} the host is registered with (peers require exactly that identity);</li>
 *   <li>{@code host.key}: this host's private key (PEM: PKCS#8, EC or RSA), readable by root only.</li>
 * </ul>
 * An operator makes them with any CA tooling, e.g. {@code pki --gen}/{@code pki --issue} from
 * strongswan-pki or {@code openssl req}/{@code openssl x509 -req}; the tests use openssl.
 */
public record Credentials(Path dir, Path caCert, Path hostCert, Path hostKey, String subject) {
  public static final String CA = "ca.pem";
  public static final String CERT = "host.pem";
  public static final String KEY = "host.key";

  /**
   * Reads and checks {@code dir}; throws {@link IllegalArgumentException} with the reason when a
   * file is missing or the certificate does not parse (the agent then refuses encrypted networks
   * and reports that reason).
   */
  public static Credentials load(Path dir) {
    if (dir == null) {
      throw new IllegalArgumentException("no IPsec credentials directory configured (--ipsec-dir)");
    }
    Path ca = dir.resolve(CA);
    Path cert = dir.resolve(CERT);
    Path key = dir.resolve(KEY);
    for (Path p : new Path[] {ca, cert, key}) {
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException("IPsec credential " + p + " is missing or unreadable");
      }
    }
    readCert(ca);
    return new Credentials(dir, ca, cert, key, readCert(cert).getSubjectX500Principal().getName());
  }

  private static X509Certificate readCert(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("IPsec credential " + p + " is not an X.509 certificate: " + e.getMessage(), e);
    }
  }
}
