package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  /** The load balancer and the ingress in front of the server. */
  private final TrustedProxies proxies = new TrustedProxies(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));

  private static HttpHeaders headers(String... namesAndValues) {
    // As the wire may carry them: empty and odd values included.
    HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  private Optional<String> client(String... namesAndValues) {
    return proxies.client(headers(namesAndValues)).map(InetAddress::getHostAddress);
  }

  private static String ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal).getHostAddress();
  }

  @Test
  void theNearestHopThatIsNotATrustedProxyIsTheClient() {
    assertThat(client("X-Forwarded-For", "203.0.113.7")).contains("203.0.113.7");
    assertThat(client("X-Forwarded-For", "203.0.113.7, 10.0.0.5")).contains("203.0.113.7");
  }

  @Test
  void anAddressTheClientWroteItselfIsSkippedBecauseTheProxyAppendsTheRealOne() {
    assertThat(client("X-Forwarded-For", "198.51.100.99, 203.0.113.7, 10.1.1.1")).contains("203.0.113.7");
    assertThat(client("X-Forwarded-For", "198.51.100.99", "X-Forwarded-For", "203.0.113.7")).contains("203.0.113.7");
  }

  @Test
  void aChainOfTrustedHopsOnlyNamesItsFarthestHop() {
    assertThat(client("X-Forwarded-For", "10.9.9.9, 10.0.0.5")).contains("10.9.9.9");
  }

  @Test
  void portsAndIpv6FormsAreRead() throws UnknownHostException {
    assertThat(client("X-Forwarded-For", "203.0.113.7:51234")).contains("203.0.113.7");
    assertThat(client("X-Forwarded-For", "2001:db8::17")).contains(ip("2001:db8::17"));
    assertThat(client("X-Forwarded-For", "[2001:db8::17]:4711, fd00::1")).contains(ip("2001:db8::17"));
  }

  @Test
  void forwardedIsReadAsRfc7239WritesIt() throws UnknownHostException {
    assertThat(client("Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43")).contains("192.0.2.60");
    assertThat(client("Forwarded", "for=\"[2001:db8:cafe::17]:4711\"")).contains(ip("2001:db8:cafe::17"));
    assertThat(client("Forwarded", "For=198.51.100.1, for=192.0.2.43;proto=https, for=10.0.0.7"))
        .contains("192.0.2.43");
    assertThat(client("Forwarded", "proto=https;for=\"192.0.2.43:_hidden\";host=\"a,b\"")).contains("192.0.2.43");
  }

  @Test
  void anythingMalformedLeavesThePeerAsTheClient() {
    for (String xff : new String[] {"", " , 203.0.113.7", "203.0.113.7,", "proxy.example", "unknown",
        "203.0.113.7:port", "203.0.113.7:123456", "[2001:db8::1", "2001:db8::1]", "[203.0.113.7]", "10.0.0.0/8"}) {
      assertThat(client("X-Forwarded-For", xff)).as("X-Forwarded-For: %s", xff).isEmpty();
    }
    for (String forwarded : new String[] {"for=unknown", "for=_hidden", "proto=https", "for=203.0.113.7;for=198.51.100.1",
        "for=\"203.0.113.7", "for=", "for = 203.0.113.7", "for=203.0.113.7, by=10.0.0.1", "for=\"[2001:db8::1]\"x",
        "garbage"}) {
      assertThat(client("Forwarded", forwarded)).as("Forwarded: %s", forwarded).isEmpty();
    }
  }

  @Test
  void theTwoHeadersMustAgreeOrNeitherIsBelieved() {
    assertThat(client("Forwarded", "for=203.0.113.7", "X-Forwarded-For", "203.0.113.7")).contains("203.0.113.7");
    // A proxy that appends to X-Forwarded-For passes a Forwarded header of the client's own making through.
    assertThat(client("Forwarded", "for=198.51.100.1", "X-Forwarded-For", "203.0.113.7")).isEmpty();
  }

  @Test
  void noHeadersNoForwardedClient() {
    assertThat(client()).isEmpty();
  }
}
