package io.netledger.devcluster.world;

import io.netledger.events.security.ClusterCa;
import io.netledger.events.security.KafkaTls;
import io.netledger.events.security.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The test world's cluster CA: a thin user of the product's {@link ClusterCa}, issuing each test
 * host the credentials an operator lays out for its agent ({@code ca.pem}, {@code host.pem},
 * {@code host.key}) with subject {@link Principal#host} — also the host's ikeIdentity
 * ({@code Principal.host(id).ikeIdentity()}) and its Kafka user.
 */
public final class Pki {
  private final ClusterCa ca;

  public Pki(Path dir) {
    this.ca = ClusterCa.init(dir);
  }

  /**
   * Lays out credentials for every host of a {@link PacketWorld} to be built in {@code worldDir}
   * (where its agents look: {@link PacketWorld#ipsecDir(Path, String)}). Null when done, else why
   * not (no openssl).
   */
  public static String issueForWorld(Path worldDir, List<String> hostIds) {
    if (!Shell.run(List.of("openssl", "version"), 10).ok()) {
      return "openssl is not installed (it makes the hosts' IPsec credentials)";
    }
    Pki pki = new Pki(worldDir.resolve("pki"));
    for (String h : hostIds) {
      pki.issueHost(PacketWorld.ipsecDir(worldDir, h), h);
    }
    return null;
  }

  /** Writes host {@code hostId}'s credentials into {@code target} (created). */
  public void issueHost(Path target, String hostId) {
    ca.issue(Principal.host(hostId), target, List.of());
  }

  /** The CA itself, for issuing other principals. */
  public ClusterCa ca() {
    return ca;
  }

  /**
   * Writes credentials for {@code principal} into {@code target}: {@code ca.pem},
   * {@code <name>.pem}, {@code <name>.key} (PKCS#8); with {@code addresses}, an IP subjectAltName
   * for each, as a server such as the gateway needs.
   */
  public void issue(Path target, Principal principal, String name, String... addresses) {
    KafkaTls issued = ca.issue(principal, target, List.of(addresses));
    try {
      rename(issued.cert(), target.resolve(name + ".pem"));
      rename(issued.key(), target.resolve(name + ".key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA certificate (what every principal trusts). */
  public Path caPem() {
    return ca.caCert();
  }

  private static void rename(Path from, Path to) throws IOException {
    if (!from.equals(to)) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
