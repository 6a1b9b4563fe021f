package io.netledger.agent.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream resolvers names outside the networks' domains go to.
 *
 * <p>Read by hand from a resolv.conf file because dnsjava's own resolv.conf provider only reads
 * the fixed {@code /etc/resolv.conf} and keeps our own listen address in the list, which would make
 * the agent recurse to itself.
 */
public final class Upstreams {
  private Upstreams() {}

  /**
   * The {@code nameserver} lines of a resolv.conf, port 53, without {@code exclude} (our own
   * listen address) and without the unspecified address.
   *
   * @throws IOException when the file cannot be read
   */
  public static List<InetSocketAddress> fromResolvConf(Path file, InetAddress exclude) throws IOException {
    return parse(Files.readAllLines(file), exclude);
  }

  /** Same as {@link #fromResolvConf} on lines already read; lines that do not parse are skipped. */
  public static List<InetSocketAddress> parse(List<String> lines, InetAddress exclude) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      if (words.length < 2 || !words[0].equals("nameserver")) {
        continue;
      }
      String literal = words[1];
      int zone = literal.indexOf('%'); // fe80::1%eth0: the zone is not part of the address
      if (zone >= 0) {
        literal = literal.substring(0, zone);
      }
      // Only literals: getByName would resolve a host name (say "cafe.bad"), and that needs the
      // very resolver we are configuring. IPv6 literals always contain a colon.
      boolean literalOnly = io.netledger.events.net.Ipv4.isValid(literal)
          || (literal.contains(":") && literal.matches("[0-9a-fA-F:.]+"));
      if (!literalOnly) {
        continue;
      }
      try {
        InetAddress a = InetAddress.getByName(literal);
        if (!a.equals(exclude) && !a.isAnyLocalAddress()) {
          out.add(new InetSocketAddress(a, 53));
        }
      } catch (UnknownHostException e) {
        // not an address after all: skip the line, as the C library does
      }
    }
    return List.copyOf(out);
  }
}
