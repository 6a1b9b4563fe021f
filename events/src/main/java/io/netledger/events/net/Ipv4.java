package io.netledger.events.net;

/**
 * An IPv4 address as an unsigned 32-bit value in a {@code long}, so arithmetic and ordering are
 * plain numbers. Parsing is strict (four decimal octets, no leading zeros beyond "0"), because
 * {@link java.net.InetAddress#getByName} would resolve host names and accept shorthand forms.
 */
public record Ipv4(long value) implements Comparable<Ipv4> {
  public Ipv4 {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("not an IPv4 value: " + value);
    }
  }

  /** Parses dotted-quad notation; throws IllegalArgumentException naming the text. */
  public static Ipv4 parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("IPv4 address is missing");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (expected a.b.c.d)");
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
          || (p.length() > 1 && p.charAt(0) == '0')) {
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (bad octet '" + p + "')");
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (octet " + octet + " > 255)");
      }
      v = (v << 8) | octet;
    }
    return new Ipv4(v);
  }

  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public int octet(int i) {
    return (int) ((value >>> (24 - 8 * i)) & 0xFF);
  }

  public Ipv4 plus(long n) {
    return new Ipv4(value + n);
  }

  public byte[] bytes() {
    return new byte[] {(byte) octet(0), (byte) octet(1), (byte) octet(2), (byte) octet(3)};
  }

  @Override
  public int compareTo(Ipv4 o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return octet(0) + "." + octet(1) + "." + octet(2) + "." + octet(3);
  }
}
