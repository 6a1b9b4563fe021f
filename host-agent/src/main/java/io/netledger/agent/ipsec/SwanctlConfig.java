package io.netledger.agent.ipsec;

import java.nio.file.Path;
import java.util.List;

/**
 * Pure: the two configuration files of one host's charon, as text.
 *
 * <p>{@code strongswan.conf}: an explicit plugin load list (Debian ships kernel-libipsec
 * disabled, and it must come before kernel-netlink to take the ESP part), the host's own VICI
 * socket, a log file. {@code swanctl.conf}: one connection per {@link Tunnel}; credentials are
 * found by swanctl in {@code x509ca/}, {@code x509/} and {@code private/} beside the file.
 *
 * <p>Connection settings, and why: IKEv2 only; {@code encap=yes} forces ESP into UDP 4500
 * (libipsec's userspace ESP needs it, and a single UDP port is what firewalls and the underlay
 * capture expect); AES-GCM-128 with ECP-256 (and MODP-2048 as a fallback) for IKE and ESP;
 * DPD every 10 s with {@code dpd_action=restart} and {@code close_action=start} so a dead peer is
 * re-initiated; {@code keyingtries=0} retries forever; no MOBIKE (hosts do not roam, and its
 * address updates would advertise the tunnel addresses as IKE endpoints); rekeying keeps strongSwan's defaults (IKE
 * ~4 h, CHILD ~1 h, with jitter). {@code start_action=trap} does nothing with libipsec, so
 * initiation is done by {@link IpsecManager} (start and supervise).
 */
public final class SwanctlConfig {
  public static final String IKE_PROPOSALS = "aes128gcm16-prfsha256-ecp256,aes128gcm16-prfsha256-modp2048";
  public static final String ESP_PROPOSALS = "aes128gcm16-ecp256,aes128gcm16";

  private static final String COMMON_PLUGINS =
      "random nonce openssl aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 x509 pubkey constraints";

  private SwanctlConfig() {}

  /** strongswan.conf for a charon whose VICI socket is {@code socket}; kernel ESP when {@code !libipsec}. */
  public static String strongswanConf(Path socket, Path log, boolean libipsec) {
    String kernel = libipsec ? "kernel-libipsec kernel-netlink" : "kernel-netlink";
    return """
        # Written by the netledger agent; every start rewrites it.
        charon {
          load = %s %s socket-default vici
          install_routes = yes
          plugins {
            vici {
              socket = unix://%s
            }
          }
          syslog {
            daemon {
              default = -1
            }
          }
          filelog {
            netledger {
              path = %s
              time_format = %%F %%T
              flush_line = yes
              default = 1
            }
          }
        }
        swanctl {
          load = %s
        }
        """.formatted(COMMON_PLUGINS, kernel, socket, log, COMMON_PLUGINS);
  }

  /** swanctl.conf holding exactly these tunnels (loading it unloads every other connection). */
  public static String swanctlConf(List<Tunnel> tunnels) {
    StringBuilder b = new StringBuilder("# Written by the netledger agent from host-state; do not edit.\nconnections {\n");
    for (Tunnel t : tunnels) {
      b.append("""
            %1$s {
              version = 2
              local_addrs = %2$s
              remote_addrs = %3$s
              encap = yes
              mobike = no
              proposals = %4$s
              dpd_delay = 10s
              keyingtries = 0
              local {
                auth = pubkey
                certs = %7$s
              }
              remote {
                auth = pubkey
                id = "%6$s"
                cacerts = %8$s
              }
              children {
                %1$s {
                  local_ts = %9$s/32
                  remote_ts = %10$s/32
                  mode = tunnel
                  esp_proposals = %5$s
                  start_action = none
                  dpd_action = restart
                  close_action = start
                }
              }
            }
          """.formatted(t.name(), t.localUnderlay(), t.remoteUnderlay(), IKE_PROPOSALS, ESP_PROPOSALS,
          t.remoteId().replace("\"", ""), Credentials.CERT, Credentials.CA, t.localTs(), t.remoteTs()));
    }
    return b.append("}\n").toString();
  }
}
