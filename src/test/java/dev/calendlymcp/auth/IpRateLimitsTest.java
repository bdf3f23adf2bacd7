package dev.calendlymcp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.auth.IpRateLimits.Endpoint;
import dev.calendlymcp.sandbox.MutableClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpRateLimitsTest {

  /** 20 seconds into a minute. */
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:20Z");

  private final MutableClock clock = new MutableClock(T0);

  private static InetAddress ip(String address) throws UnknownHostException {
    return InetAddress.getByName(address);
  }

  private static void use(IpRateLimits limits, Endpoint endpoint, InetAddress client, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(limits.check(endpoint, client)).as("call %d", i + 1).isEmpty();
    }
  }

  @Test
  void theCallPastTheLimitWaitsForTheNextMinute() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock);
    InetAddress client = ip("203.0.113.7");

    use(limits, Endpoint.REGISTER, client, 20);

    assertThat(limits.check(Endpoint.REGISTER, client)).contains(Duration.ofSeconds(40));
    clock.advance(Duration.ofMillis(39_500));
    assertThat(limits.check(Endpoint.REGISTER, client)).contains(Duration.ofSeconds(1));
  }

  @Test
  void waitIsWholeSecondsRoundedUp() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Endpoint.TOKEN, 1));
    InetAddress client = ip("203.0.113.7");
    clock.advance(Duration.ofMillis(1));

    use(limits, Endpoint.TOKEN, client, 1);

    assertThat(limits.check(Endpoint.TOKEN, client)).contains(Duration.ofSeconds(40));
  }

  @Test
  void theWindowRenewsOnTheMinute() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock);
    InetAddress client = ip("203.0.113.7");
    use(limits, Endpoint.TOKEN, client, 60);
    assertThat(limits.check(Endpoint.TOKEN, client)).isPresent();

    clock.advance(Duration.ofSeconds(40));

    use(limits, Endpoint.TOKEN, client, 60);
    assertThat(limits.check(Endpoint.TOKEN, client)).contains(Duration.ofSeconds(60));
  }

  @Test
  void addressesAndEndpointsAreCountedApart() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Endpoint.AUTHORIZE, 2));
    InetAddress one = ip("203.0.113.7");
    InetAddress other = ip("203.0.113.8");
    use(limits, Endpoint.AUTHORIZE, one, 2);
    assertThat(limits.check(Endpoint.AUTHORIZE, one)).isPresent();

    use(limits, Endpoint.AUTHORIZE, other, 2);
    use(limits, Endpoint.TOKEN, one, 60);
    use(limits, Endpoint.REGISTER, one, 20);
  }

  @Test
  void ipv6ClientsAreCountedByTheirSlash64() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Endpoint.REGISTER, 2));
    limits.check(Endpoint.REGISTER, ip("2001:db8:1:2::1"));
    limits.check(Endpoint.REGISTER, ip("2001:db8:1:2:ffff:ffff:ffff:ffff"));

    assertThat(limits.check(Endpoint.REGISTER, ip("2001:db8:1:2:abcd::9"))).isPresent();
    use(limits, Endpoint.REGISTER, ip("2001:db8:1:3::1"), 2);
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new IpRateLimits(clock, Map.of(Endpoint.TOKEN, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TOKEN");
  }
}
