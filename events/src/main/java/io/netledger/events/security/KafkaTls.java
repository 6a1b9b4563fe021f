package io.netledger.events.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The one client-security config every Kafka client of netledger applies: a credentials directory
 * the cluster CA laid out ({@link ClusterCa#issue}) in, Kafka client properties out (mutual TLS
 * with PEM material, no keystore files to convert).
 *
 * <p>A directory holds {@code ca.pem} and either {@code host.pem}/{@code host.key} (a host: the
 * same files its strongSwan reads) or {@code client.pem}/{@code client.key} (any other principal).
 * The PEM text goes into the properties inline ({@code ssl.keystore.key} and
 * {@code ssl.keystore.certificate.chain} are Kafka PASSWORD configs, so never logged).
 *
 * <p>Hostname verification stays on ({@code ssl.endpoint.identification.algorithm=https}, Kafka's
 * default): broker certificates carry the IP SANs of the addresses they listen on.
 *
 * <pre>{@code
 * Map<String, Object> props = new HashMap<>();
 * props.put("bootstrap.servers", bootstrap);
 * KafkaTls.applyTo(props, tlsDir);   // tlsDir null: plaintext, nothing added
 * }</pre>
 */
public record KafkaTls(Path ca, Path cert, Path key) {
  public static final String CA = "ca.pem";
  public static final String HOST_CERT = "host.pem";
  public static final String HOST_KEY = "host.key";
  public static final String CLIENT_CERT = "client.pem";
  public static final String CLIENT_KEY = "client.key";

  /** The credentials in {@code dir}; {@link IllegalArgumentException} names what is missing. */
  public static KafkaTls in(Path dir) {
    Path ca = dir.resolve(CA);
    boolean host = Files.exists(dir.resolve(HOST_CERT));
    Path cert = dir.resolve(host ? HOST_CERT : CLIENT_CERT);
    Path key = dir.resolve(host ? HOST_KEY : CLIENT_KEY);
    for (Path p : new Path[] {ca, cert, key}) {
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException("TLS credentials in " + dir + " lack " + p.getFileName()
            + " (want ca.pem and host.pem/host.key or client.pem/client.key; `netledger pki issue` writes them)");
      }
    }
    return new KafkaTls(ca, cert, key);
  }

  /** The Kafka client properties for these credentials (SSL, PEM key store and trust store). */
  public Map<String, String> clientProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", "SSL");
    p.put("ssl.keystore.type", "PEM");
    p.put("ssl.keystore.key", read(key));
    p.put("ssl.keystore.certificate.chain", read(cert));
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.certificates", read(ca));
    // Kafka's default, said here so that nobody "fixes" a SAN mismatch by switching it off.
    p.put("ssl.endpoint.identification.algorithm", "https");
    return p;
  }

  /** The principal these credentials speak for (from the certificate's subject). */
  public java.util.Optional<Principal> principal() {
    return PemTls.load(ca, cert, key).principal();
  }

  /** Adds the TLS client properties of {@code dir} to {@code props}; {@code dir} null adds nothing. */
  public static void applyTo(Map<String, Object> props, Path dir) {
    if (dir != null) {
      props.putAll(in(dir).clientProperties());
    }
  }

  /** As {@link #applyTo(Map, Path)} for {@link Properties}. */
  public static void applyTo(Properties props, Path dir) {
    if (dir != null) {
      props.putAll(in(dir).clientProperties());
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
