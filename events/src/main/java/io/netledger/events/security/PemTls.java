package io.netledger.events.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual-TLS material from the PEM files the cluster CA issues (the same files Kafka reads with
 * {@code ssl.keystore.type=PEM} and strongSwan reads for IKE): the CA certificate to trust, this
 * principal's certificate (chain) and its unencrypted PKCS#8 private key (EC or RSA).
 *
 * <p>Written by hand because the JDK reads PEM certificates but not PEM private keys, and the
 * libraries that do (BouncyCastle, Netty's {@code SslContextBuilder}) are not otherwise needed by
 * the JDK {@code HttpClient} callers this serves; Vert.x servers take the same files through
 * {@code PemKeyCertOptions}/{@code PemTrustOptions} and do not need this class.
 *
 * <pre>{@code
 * PemTls tls = PemTls.load(dir.resolve("ca.pem"), dir.resolve("host.pem"), dir.resolve("host.key"));
 * HttpClient.newBuilder().sslContext(tls.sslContext()).build();
 * }</pre>
 */
public record PemTls(X509Certificate ca, List<X509Certificate> chain, PrivateKey key) {

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /** Reads the three files; {@link IllegalArgumentException} names the file and what is wrong. */
  public static PemTls load(Path caPem, Path certPem, Path keyPem) {
    List<X509Certificate> ca = certificates(caPem);
    List<X509Certificate> chain = certificates(certPem);
    return new PemTls(ca.get(0), chain, privateKey(keyPem));
  }

  /** The principal this certificate speaks for, if the cluster CA's naming applies to it. */
  public java.util.Optional<Principal> principal() {
    return Principal.fromSubject(chain.get(0).getSubjectX500Principal());
  }

  /** A TLS context presenting this certificate and trusting only the CA. */
  public SSLContext sslContext() {
    try {
      char[] none = new char[0];
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, none);
      keys.setKeyEntry("self", key, none, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, none);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, none);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(Path p) {
    try {
      byte[] pem = Files.readAllBytes(p);
      Collection<? extends Certificate> all =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      if (all.isEmpty()) {
        throw new IllegalArgumentException(p + " holds no certificate");
      }
      return all.stream().map(X509Certificate.class::cast).toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(p + " is missing or unreadable: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(p + " is not a PEM X.509 certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path p) {
    String text;
    try {
      text = Files.readString(p, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(p + " is missing or unreadable: " + e.getMessage(), e);
    }
    Matcher m = PKCS8.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(p + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY);"
          + " convert with: openssl pkcs8 -topk8 -nocrypt -in KEY");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException tryNext) {
        // the PEM does not say the algorithm; the DER inside does, and the wrong factory refuses it
      }
    }
    throw new IllegalArgumentException(p + " holds a private key of no supported algorithm (EC, RSA, Ed25519)");
  }
}
