package io.netledger.events.net;

import java.util.stream.LongStream;
import java.util.stream.Stream;

/** An IPv4 prefix such as 10.42.0.0/16. The address must be the prefix's first address. */
public record Cidr(Ipv4 base, int prefixLength) implements Comparable<Cidr> {
  public Cidr {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0..32");
    }
    if ((base.value() & ~mask(prefixLength) & 0xFFFF_FFFFL) != 0) {
      throw new IllegalArgumentException(base + "/" + prefixLength
          + " has host bits set (the prefix starts at " + new Ipv4(base.value() & mask(prefixLength)) + ")");
    }
  }

  /** Parses {@code a.b.c.d/n}; throws IllegalArgumentException naming the text and the problem. */
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("CIDR is missing");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR (expected a.b.c.d/n)");
    }
    String len = text.substring(slash + 1);
    if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("'" + text + "' has a bad prefix length '" + len + "'");
    }
    try {
      return new Cidr(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(len));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid CIDR: " + e.getMessage(), e);
    }
  }

  static long mask(int prefixLength) {
    return prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
  }

  public long size() {
    return 1L << (32 - prefixLength);
  }

  public Ipv4 first() {
    return base;
  }

  public Ipv4 last() {
    return base.plus(size() - 1);
  }

  public boolean contains(Ipv4 ip) {
    return ip.value() >= base.value() && ip.value() <= last().value();
  }

  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && contains(other.base);
  }

  /** The sub-prefixes of the given length, ascending. */
  public Stream<Cidr> subnets(int length) {
    if (length < prefixLength || length > 32) {
      throw new IllegalArgumentException("cannot cut " + this + " into /" + length);
    }
    long step = 1L << (32 - length);
    return LongStream.range(0, size() / step).mapToObj(i -> new Cidr(base.plus(i * step), length));
  }

  /** The prefix of the given length that holds {@code ip}. */
  public static Cidr containing(Ipv4 ip, int length) {
    return new Cidr(new Ipv4(ip.value() & mask(length)), length);
  }

  @Override
  public int compareTo(Cidr o) {
    int c = base.compareTo(o.base);
    return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
  }

  @Override
  public String toString() {
    return base + "/" + prefixLength;
  }
}
