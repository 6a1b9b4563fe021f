package io.netledger.ui.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses requests whose {@code Host} header names someone else while the server listens on
 * loopback. Why: a web page on another site can point a name of its own at 127.0.0.1 (DNS
 * rebinding) and read this page's topology through the victim's browser; the Host header is
 * what gives such a request away. A server bound to a real address is reached by whatever name
 * the operator gave it, so the check applies to loopback binds only.
 */
final class HostCheck {
  private final boolean enabled;

  HostCheck(String bindAddress) {
    this.enabled = isLoopback(bindAddress);
  }

  /** Null when the request may proceed, else the reason it may not. */
  String refuse(String hostHeader) {
    if (!enabled) {
      return null;
    }
    if (hostHeader == null || hostHeader.isBlank()) {
      return "a Host header is required";
    }
    String h = hostHeader.toLowerCase(Locale.ROOT).strip();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end < 0 ? h : h.substring(1, end);
    } else if (h.indexOf(':') == h.lastIndexOf(':') && h.contains(":")) {
      h = h.substring(0, h.indexOf(':'));
    }
    if (h.equals("localhost") || h.endsWith(".localhost") || isLoopbackLiteral(h)) {
      return null;
    }
    return "Host '" + hostHeader + "' is not a loopback name: this server listens on loopback only"
        + " (requests naming another host are refused against DNS rebinding)";
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLoopbackLiteral(String h) {
    if (h.equals("::1")) {
      return true;
    }
    String[] p = h.split("\\.", -1);
    if (p.length != 4 || !p[0].equals("127")) {
      return false;
    }
    for (String x : p) {
      if (x.isEmpty() || x.length() > 3 || !x.chars().allMatch(Character::isDigit) || Integer.parseInt(x) > 255) {
        return false;
      }
    }
    return true;
  }
}
