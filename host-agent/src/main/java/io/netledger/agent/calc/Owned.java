package io.netledger.agent.calc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How the agent marks the kernel objects it owns, so that after a restart it recognises them
 * and never touches anything else (felix's dataplane design asks the same of every driver):
 * <ul>
 *   <li>links: {@code nlv<10 hex>} (veth host side, from a hash of the container id: ids are
 *       longer than the kernel's 15 characters) and {@code nlx<vni>} (VXLAN device);</li>
 *   <li>routes: protocol {@value #ROUTE_PROTOCOL};</li>
 *   <li>rules: priorities {@value #RULE_PRIORITY_MIN}..{@value #RULE_PRIORITY_MAX}.</li>
 * </ul>
 * Addresses, neighbours, FDB entries and sysctls belong to whoever owns their device.
 */
public final class Owned {
  /**
   * Route protocol number of every agent route. 211 is not named in iproute2's
   * {@code rt_protos} (which reserves 0-4, 8-18, 42, 99, 186-192) nor used by Calico (80),
   * BIRD (12) or keepalived (18), and it survives in the kernel across agent restarts.
   */
  public static final int ROUTE_PROTOCOL = 211;

  /**
   * Priority of the per-network "iif -> table" rules: after the local table (0) and before main
   * (32766), so a network's traffic never falls through to the host's own routes.
   */
  public static final int RULE_PRIORITY = 20100;

  /**
   * Priority of the rule that routes replies of a published port's connections by their mark
   * ({@link FirewallPlan#REPLY_MARK}): before the "iif veth -> network table" rule, which would
   * send them into a table that ends unreachable when the network has no natOutgoing.
   */
  public static final int REPLY_RULE_PRIORITY = 20090;
  public static final int RULE_PRIORITY_MIN = 20090;
  public static final int RULE_PRIORITY_MAX = 20199;

  private static final Pattern LINK = Pattern.compile("nlv[0-9a-f]{10}|nlx[0-9]{1,8}");

  private Owned() {}

  /** Host-side veth name of a container: "nlv" + 10 hex digits of SHA-256(containerId). */
  public static String vethName(String containerId) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(containerId.getBytes(StandardCharsets.UTF_8));
      return "nlv" + HexFormat.of().formatHex(h, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** VXLAN device name of a network: "nlx" + VNI (at most 8 digits, within 15 characters). */
  public static String vxlanName(int vni) {
    return "nlx" + vni;
  }

  public static boolean link(String name) {
    return name != null && LINK.matcher(name).matches();
  }

  public static boolean routeProtocol(int protocol) {
    return protocol == ROUTE_PROTOCOL;
  }

  public static boolean rulePriority(int priority) {
    return priority >= RULE_PRIORITY_MIN && priority <= RULE_PRIORITY_MAX;
  }
}
