package io.netledger.devcluster.world;

import io.netledger.agent.ipsec.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away cluster CA (openssl, ECDSA P-256) that issues each test host the credentials an
 * operator would lay out for its agent: {@code ca.pem}, {@code host.pem} (subject = the host's
 * ikeIdentity) and {@code host.key}.
 */
public final class Pki {
  private final Path dir;

  public Pki(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("ca.key"));
    openssl("req", "-x509", "-new", "-key", path("ca.key"), "-subj", "/CN=netledger test CA", "-days", "2",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-out", path("ca.pem"));
  }

  /**
   * Lays out credentials for every host of a {@link PacketWorld} to be built in {@code worldDir}
   * (where its agents look: {@link PacketWorld#ipsecDir(Path, String)}), subject
   * {@code CN=<host id in lower case>.netledger} as the world registers them. Null when done, else
   * why not (no openssl).
   */
  public static String issueForWorld(Path worldDir, List<String> hostIds) {
    if (!Shell.run(List.of("openssl", "version"), 10).ok()) {
      return "openssl is not installed (it makes the hosts' IPsec credentials)";
    }
    try {
      Pki pki = new Pki(worldDir.resolve("pki"));
      for (String h : hostIds) {
        pki.issue(PacketWorld.ipsecDir(worldDir, h), h.toLowerCase() + ".netledger");
      }
      return null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes {@code CN=<cn>} credentials into {@code target} (created). */
  public void issue(Path target, String cn) throws IOException {
    Files.createDirectories(target);
    Files.copy(dir.resolve("ca.pem"), target.resolve(Credentials.CA), StandardCopyOption.REPLACE_EXISTING);
    String key = target.resolve(Credentials.KEY).toString();
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
    openssl("req", "-new", "-key", key, "-subj", "/CN=" + cn, "-out", target.resolve("host.csr").toString());
    openssl("x509", "-req", "-in", target.resolve("host.csr").toString(), "-CA", path("ca.pem"), "-CAkey",
        path("ca.key"), "-CAcreateserial", "-days", "2", "-out", target.resolve(Credentials.CERT).toString());
  }

  /**
   * Writes credentials for {@code principal} (subject {@code /O=netledger/OU=<kind>/CN=<name>}) into
   * {@code target}: {@code ca.pem}, {@code <name>.pem}, {@code <name>.key} (PKCS#8); with
   * {@code addresses}, a subjectAltName for each (IP or DNS), as a server such as the gateway needs.
   */
  public void issue(Path target, io.netledger.events.security.Principal principal, String name, String... addresses)
      throws IOException {
    Files.createDirectories(target);
    Files.copy(dir.resolve("ca.pem"), target.resolve(Credentials.CA), StandardCopyOption.REPLACE_EXISTING);
    String key = target.resolve(name + ".key").toString();
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
    openssl("req", "-new", "-key", key, "-subj", principal.opensslSubject(), "-out", target.resolve(name + ".csr").toString());
    List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", target.resolve(name + ".csr").toString(), "-CA",
        path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-days", "2",
        "-out", target.resolve(name + ".pem").toString()));
    if (addresses.length > 0) {
      StringBuilder san = new StringBuilder("subjectAltName=");
      for (int i = 0; i < addresses.length; i++) {
        san.append(i > 0 ? "," : "").append(addresses[i].matches("[0-9.]+|.*:.*") ? "IP:" : "DNS:").append(addresses[i]);
      }
      Path ext = target.resolve(name + ".ext");
      Files.writeString(ext, san + "\n");
      sign.addAll(List.of("-extfile", ext.toString()));
    }
    openssl(sign.toArray(new String[0]));
  }

  /** The CA certificate (what every principal trusts). */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private static void openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Shell.Result r = Shell.run(cmd, 30);
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.output());
    }
  }
}
