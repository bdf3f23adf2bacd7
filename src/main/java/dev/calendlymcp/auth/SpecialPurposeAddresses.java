package dev.calendlymcp.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every range of IANA's IPv4 and IPv6 Special-Purpose Address Registries, plus multicast and the
 * deprecated IPv6 ranges that still route somewhere: addresses a URL chosen by a stranger must
 * never make this server connect to (SSRF). Ranges the registries mark globally reachable (AS112,
 * AMT, anycast services, NAT64's well-known prefix) are refused all the same: no client metadata
 * document lives there, and NAT64 or 6to4 would carry a connection on to an IPv4 address hidden
 * inside the IPv6 one.
 */
final class SpecialPurposeAddresses {

  /** One registry entry. */
  record Range(String cidr, String name, String rfc, byte[] prefix, int bits) {

    static Range of(String cidr, String name, String rfc) {
      String[] parts = cidr.split("/", 2);
      byte[] prefix;
      try {
        // Literal addresses only: getByName parses them without any lookup.
        prefix = InetAddress.getByName(parts[0]).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalStateException("not an address literal: " + cidr, e);
      }
      if (parts[0].contains(":") && prefix.length == 4) {
        // Java reads an IPv4-mapped literal as the IPv4 address; the range is of IPv6 addresses.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(prefix, 0, mapped, 12, 4);
        prefix = mapped;
      }
      return new Range(cidr, name, rfc, prefix, Integer.parseInt(parts[1]));
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The loopback ranges, which the sandbox (and tests) may be allowed to reach. */
  static final List<Range> LOOPBACK = List.of(
      Range.of("127.0.0.0/8", "Loopback", "RFC 1122"),
      Range.of("::1/128", "Loopback Address", "RFC 4291"));

  static final List<Range> REFUSED = List.of(
      // IPv4 Special-Purpose Address Registry
      Range.of("0.0.0.0/8", "\"This network\"", "RFC 791"),
      Range.of("10.0.0.0/8", "Private-Use", "RFC 1918"),
      Range.of("100.64.0.0/10", "Shared Address Space", "RFC 6598"),
      Range.of("169.254.0.0/16", "Link Local", "RFC 3927"),
      Range.of("172.16.0.0/12", "Private-Use", "RFC 1918"),
      Range.of("192.0.0.0/24", "IETF Protocol Assignments (DS-Lite, PCP and TURN anycast, NAT64 discovery)", "RFC 6890"),
      Range.of("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737"),
      Range.of("192.31.196.0/24", "AS112-v4", "RFC 7535"),
      Range.of("192.52.193.0/24", "AMT", "RFC 7450"),
      Range.of("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526"),
      Range.of("192.168.0.0/16", "Private-Use", "RFC 1918"),
      Range.of("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534"),
      Range.of("198.18.0.0/15", "Benchmarking", "RFC 2544"),
      Range.of("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737"),
      Range.of("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737"),
      Range.of("240.0.0.0/4", "Reserved", "RFC 1112"),
      Range.of("255.255.255.255/32", "Limited Broadcast", "RFC 919"),
      // IPv4 multicast (its own registry)
      Range.of("224.0.0.0/4", "Multicast", "RFC 5771"),
      // IPv6 Special-Purpose Address Registry
      Range.of("::/128", "Unspecified Address", "RFC 4291"),
      Range.of("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291"),
      Range.of("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052"),
      Range.of("64:ff9b:1::/48", "IPv4-IPv6 Translat. (local use)", "RFC 8215"),
      Range.of("100::/64", "Discard-Only Address Block", "RFC 6666"),
      Range.of("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780"),
      Range.of("2001::/23", "IETF Protocol Assignments (TEREDO, ORCHID, benchmarking, AMT, AS112, anycast)", "RFC 2928"),
      Range.of("2001:db8::/32", "Documentation", "RFC 3849"),
      Range.of("2002::/16", "6to4", "RFC 3056"),
      Range.of("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534"),
      Range.of("3fff::/20", "Documentation", "RFC 9637"),
      Range.of("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602"),
      Range.of("fc00::/7", "Unique-Local", "RFC 4193"),
      Range.of("fe80::/10", "Link-Local Unicast", "RFC 4291"),
      // Deprecated, and multicast
      Range.of("::/96", "IPv4-compatible Address (deprecated)", "RFC 4291 §2.5.5.1"),
      Range.of("fec0::/10", "Site-Local Unicast (deprecated)", "RFC 3879"),
      Range.of("ff00::/8", "Multicast", "RFC 4291"));

  private SpecialPurposeAddresses() {}

  /** The special-purpose range the address is in, loopback included; empty for a public unicast address. */
  static Optional<Range> rangeOf(InetAddress address) {
    byte[] bytes = address.getAddress();
    return Stream.concat(LOOPBACK.stream(), REFUSED.stream())
        .filter(range -> range.contains(bytes))
        .findFirst();
  }

  static boolean isLoopback(Range range) {
    return LOOPBACK.contains(range);
  }
}
