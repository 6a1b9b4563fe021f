package io.netledger.agent.kernel;

import io.netledger.avro.KernelCapabilities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds out what this host's kernel and tools can do, by trying rather than by reading version
 * numbers: a throw-away VXLAN device, a rule listing, an ESP state. Every probe object is named
 * {@code nlprobe*} and removed again; a probe that fails only reports false.
 */
public final class CapabilityProbe {
  private static final String PROBE_LINK = "nlprobe0";
  private static final String PROBE_SPI = "0x4e4c0001";

  private CapabilityProbe() {}

  public static KernelCapabilities probe() {
    return KernelCapabilities.newBuilder()
        .setVxlan(vxlan())
        .setPolicyRouting(ok(List.of("ip", "rule", "list")))
        .setKernelEsp(kernelEsp())
        .setLibipsec(libipsec())
        .build();
  }

  private static boolean vxlan() {
    run(List.of("ip", "link", "delete", PROBE_LINK));
    boolean ok = ok(List.of("ip", "link", "add", PROBE_LINK, "type", "vxlan", "id", "16777215",
        "dstport", "4789", "nolearning"));
    run(List.of("ip", "link", "delete", PROBE_LINK));
    return ok;
  }

  /** Kernels without ESP accept xfrm policies but refuse ESP states ("Requested type not found"). */
  private static boolean kernelEsp() {
    List<String> del = List.of("ip", "xfrm", "state", "delete", "src", "127.0.0.254", "dst", "127.0.0.253",
        "proto", "esp", "spi", PROBE_SPI);
    run(del);
    boolean ok = ok(List.of("ip", "xfrm", "state", "add", "src", "127.0.0.254", "dst", "127.0.0.253",
        "proto", "esp", "spi", PROBE_SPI, "mode", "tunnel", "aead", "rfc4106(gcm(aes))",
        "0x0102030405060708090a0b0c0d0e0f1011121314", "128"));
    run(del);
    return ok;
  }

  /** strongSwan's charon with the kernel-libipsec plugin (userspace ESP on a TUN device). */
  private static boolean libipsec() {
    boolean charon = Files.isExecutable(Path.of("/usr/lib/ipsec/charon"))
        || Files.isExecutable(Path.of("/usr/libexec/ipsec/charon"));
    boolean plugin = Files.exists(Path.of("/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so"))
        || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/ipsec/plugins/libstrongswan-kernel-libipsec.so"));
    return charon && plugin && Files.exists(Path.of("/dev/net/tun"));
  }

  private static boolean ok(List<String> command) {
    return run(command) == 0;
  }

  private static int run(List<String> command) {
    try {
      return Exec.run(command, null, 10).exitCode();
    } catch (KernelException e) {
      return -1;
    }
  }
}
