package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CidrTest {

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void anIpv4BlockContainsExactlyItsAddresses() throws UnknownHostException {
    Cidr block = Cidr.parse("10.1.0.0/16");

    assertThat(block.contains(ip("10.1.0.0"))).isTrue();
    assertThat(block.contains(ip("10.1.255.255"))).isTrue();
    assertThat(block.contains(ip("10.2.0.0"))).isFalse();
    assertThat(block.contains(ip("10.0.255.255"))).isFalse();
    assertThat(block).hasToString("10.1.0.0/16");
  }

  @Test
  void prefixesThatCutThroughAByteMaskOnlyTheirBits() throws UnknownHostException {
    Cidr block = Cidr.parse("192.0.2.64/26");

    assertThat(block.contains(ip("192.0.2.64"))).isTrue();
    assertThat(block.contains(ip("192.0.2.127"))).isTrue();
    assertThat(block.contains(ip("192.0.2.128"))).isFalse();
    assertThat(block.contains(ip("192.0.2.63"))).isFalse();
  }

  @Test
  void anIpv6BlockContainsExactlyItsAddresses() throws UnknownHostException {
    Cidr block = Cidr.parse("2001:db8:abcd::/48");

    assertThat(block.contains(ip("2001:db8:abcd::1"))).isTrue();
    assertThat(block.contains(ip("2001:db8:abcd:ffff:ffff:ffff:ffff:ffff"))).isTrue();
    assertThat(block.contains(ip("2001:db8:abce::1"))).isFalse();
    assertThat(block.contains(ip("10.0.0.1"))).as("another family").isFalse();
  }

  @Test
  void aBareAddressIsABlockOfOne() throws UnknownHostException {
    assertThat(Cidr.parse("203.0.113.7").prefixLength()).isEqualTo(32);
    assertThat(Cidr.parse("203.0.113.7").contains(ip("203.0.113.7"))).isTrue();
    assertThat(Cidr.parse("203.0.113.7").contains(ip("203.0.113.8"))).isFalse();
    assertThat(Cidr.parse("::1").prefixLength()).isEqualTo(128);
    assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
  }

  @Test
  void theWholeSpaceOfAFamilyIsSlashZero() throws UnknownHostException {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("198.51.100.1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("198.51.100.1"))).isFalse();
  }

  @Test
  void ipv4MappedAddressesCountAsTheIpv4AddressTheyCarry() throws UnknownHostException {
    Cidr mapped = Cidr.parse("::ffff:10.0.0.0/104");

    assertThat(mapped).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(mapped.contains(ip("10.9.8.7"))).isTrue();
    byte[] mappedPeer = new byte[16];
    mappedPeer[10] = (byte) 0xff;
    mappedPeer[11] = (byte) 0xff;
    mappedPeer[12] = 10;
    mappedPeer[15] = 1;
    assertThat(Cidr.parse("10.0.0.0/8").contains(java.net.Inet6Address.getByAddress(null, mappedPeer, -1))).isTrue();
  }

  @Test
  void bracketsAroundAnIpv6AddressAreAccepted() throws UnknownHostException {
    assertThat(Cidr.parse("[2001:db8::]/32").contains(ip("2001:db8:1::1"))).isTrue();
  }

  @Test
  void anythingButAnIpBlockIsRefusedNamingTheValue() {
    for (String bad : new String[] {"", "proxy.example.com", "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/",
        "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0", "10.0.0.256", "10.0.0.0 /8", " 10.0.0.0/8",
        "10.0.0.0/0008", "2001:db8::/x", "2001:db8:::1/64", "10.0.0.0/8,10.1.0.0/16"}) {
      assertThatThrownBy(() -> Cidr.parse(bad)).as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void aBlockWithHostBitsSetIsRefusedWithTheBlockItProbablyMeant() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'10.0.0.1/8'")
        .hasMessageContaining("10.0.0.0/8");
    assertThatThrownBy(() -> Cidr.parse("2001:db8::1/64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2001:db8:0:0:0:0:0:0/64");
  }
}
