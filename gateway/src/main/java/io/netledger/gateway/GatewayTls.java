package io.netledger.gateway;

import java.nio.file.Path;

/**
 * The gateway's TLS material, PEM files of the cluster CA: {@code ca} is the only CA whose client
 * certificates are accepted, {@code cert}/{@code key} the gateway's own (PKCS#8 key).
 */
public record GatewayTls(Path ca, Path cert, Path key) {
  /** The gateway's files in one directory as the CA lays them out: ca.pem, gateway.pem, gateway.key. */
  public static GatewayTls inDir(Path dir) {
    return new GatewayTls(dir.resolve("ca.pem"), dir.resolve("gateway.pem"), dir.resolve("gateway.key"));
  }
}
