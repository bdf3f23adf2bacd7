package dev.calendlymcp.server;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A block of IP addresses, such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a
 * block of one. Parsed without DNS: only IP literals are accepted, so a host name in a setting
 * fails at start-up instead of being resolved once and silently going stale.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) count as the IPv4 address they carry, as
 * a dual-stack socket reports an IPv4 peer either way.
 */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("a prefix of " + network.getHostAddress() + " must be 0 to " + bits);
    }
  }

  /**
   * Parses {@code address/prefix} or a bare address.
   *
   * @throws IllegalArgumentException naming the value when it is not an IP block, or when it has
   *     address bits set beyond its prefix (a typo such as {@code 10.0.0.1/8} is refused, not
   *     widened)
   */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = ipLiteral(address).orElseThrow(() -> invalid(text));
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(text);
      }
      prefix = Integer.parseInt(digits);
      if (prefix > bits) {
        throw invalid(text);
      }
    }
    byte[] masked = masked(bytes, prefix);
    if (!Arrays.equals(bytes, masked)) {
      throw new IllegalArgumentException("'" + text + "' has address bits set beyond its /" + prefix
          + " prefix; did you mean " + address(masked).getHostAddress() + "/" + prefix + "?");
    }
    Cidr parsed = new Cidr(address(bytes), prefix);
    return parsed.asIpv4().orElse(parsed);
  }

  /**
   * An IP literal's bytes (4 for IPv4, 16 for IPv6; brackets and a zone id allowed), or empty when
   * the text is anything else. Never looks a name up.
   */
  static Optional<byte[]> ipLiteral(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      return Optional.empty();
    }
    return Optional.ofNullable(NetUtil.createByteArrayFromIpAddressString(text));
  }

  /** Whether {@code address} is in this block. */
  public boolean contains(InetAddress address) {
    byte[] candidate = ipv4Mapped(address.getAddress()).orElse(address.getAddress());
    byte[] own = network.getAddress();
    return candidate.length == own.length && Arrays.equals(masked(candidate, prefixLength), own);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }

  /** An IPv4-mapped IPv6 block as the IPv4 block it covers. */
  private Optional<Cidr> asIpv4() {
    if (!(network instanceof Inet6Address) || prefixLength < 96) {
      return Optional.empty();
    }
    return ipv4Mapped(network.getAddress()).map(v4 -> new Cidr(address(v4), prefixLength - 96));
  }

  private static Optional<byte[]> ipv4Mapped(byte[] bytes) {
    if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
      return Optional.empty();
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return Optional.empty();
      }
    }
    return Optional.of(Arrays.copyOfRange(bytes, 12, 16));
  }

  private static byte[] masked(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff00 >> keep));
    }
    return out;
  }

  /** The address of raw bytes; Java turns an IPv4-mapped IPv6 address into IPv4 by itself. */
  private static InetAddress address(byte[] bytes) {
    try {
      InetAddress address = InetAddress.getByAddress(bytes);
      if (bytes.length == 16 && !(address instanceof Inet6Address)) {
        // Keep the 16-byte form: asIpv4 makes the block IPv4 with its prefix moved by 96.
        return Inet6Address.getByAddress(null, bytes, -1);
      }
      return address;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are an IP address", e);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not an IP address or CIDR block (such as 10.0.0.0/8, 203.0.113.7 or 2001:db8::/32)");
  }
}
