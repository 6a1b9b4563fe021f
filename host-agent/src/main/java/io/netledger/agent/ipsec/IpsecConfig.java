package io.netledger.agent.ipsec;

import io.netledger.avro.KernelCapabilities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How an agent encrypts: where the operator put this host's {@link Credentials}, where its charon
 * keeps its files, how often the tunnels are checked and how long a responder waits for its
 * initiator before initiating itself.
 */
public record IpsecConfig(Path credentialsDir, Path workDir, Duration checkInterval, Duration responderGrace) {
  public static IpsecConfig of(Path credentialsDir, Path workDir) {
    return new IpsecConfig(credentialsDir, workDir, Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  /**
   * Null when this host can encrypt, else why not (the agent then refuses encrypted networks and
   * reports this). Needs kernel ESP or libipsec, charon and swanctl installed, and credentials.
   */
  public String refusal(KernelCapabilities caps) {
    if (!caps.getKernelEsp() && !caps.getLibipsec()) {
      return "neither kernel ESP nor strongSwan's kernel-libipsec is available on this host";
    }
    if (Charon.binary().isEmpty()) {
      return "charon is not installed (strongswan-charon)";
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/swanctl")) && !Files.isExecutable(Path.of("/usr/bin/swanctl"))) {
      return "swanctl is not installed (strongswan-swanctl)";
    }
    try {
      Credentials.load(credentialsDir);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
