package dev.calendlymcp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.auth.IpRateLimits.Endpoint;
import dev.calendlymcp.auth.IpRateLimits.Limit;
import dev.calendlymcp.sandbox.MutableClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

  private static void useAs(IpRateLimits limits, Endpoint endpoint, InetAddress client, String clientId, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(limits.checkClient(endpoint, client, Optional.of(clientId))).as("call %d of %s", i + 1, clientId).isEmpty();
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
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Limit.AUTHORIZE_PER_MINUTE, 1));
    InetAddress client = ip("203.0.113.7");
    clock.advance(Duration.ofMillis(1));

    use(limits, Endpoint.AUTHORIZE, client, 1);

    assertThat(limits.check(Endpoint.AUTHORIZE, client)).contains(Duration.ofSeconds(40));
  }

  @Test
  void theWindowRenewsOnTheMinute() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock);
    InetAddress client = ip("203.0.113.7");
    use(limits, Endpoint.AUTHORIZE, client, 60);
    assertThat(limits.check(Endpoint.AUTHORIZE, client)).isPresent();

    clock.advance(Duration.ofSeconds(40));

    use(limits, Endpoint.AUTHORIZE, client, 60);
    assertThat(limits.check(Endpoint.AUTHORIZE, client)).contains(Duration.ofSeconds(60));
  }

  @Test
  void addressesAndEndpointsAreCountedApart() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Limit.AUTHORIZE_PER_MINUTE, 2));
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
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Limit.REGISTER_PER_MINUTE, 2));
    limits.check(Endpoint.REGISTER, ip("2001:db8:1:2::1"));
    limits.check(Endpoint.REGISTER, ip("2001:db8:1:2:ffff:ffff:ffff:ffff"));

    assertThat(limits.check(Endpoint.REGISTER, ip("2001:db8:1:2:abcd::9"))).isPresent();
    use(limits, Endpoint.REGISTER, ip("2001:db8:1:3::1"), 2);
  }

  @Test
  void registrationsAreCappedPerDayAcrossMinutesUntilTheNextUtcDay() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Limit.REGISTER_PER_MINUTE, 5, Limit.REGISTER_PER_DAY, 12));
    InetAddress client = ip("203.0.113.7");
    use(limits, Endpoint.REGISTER, client, 5);
    clock.advance(Duration.ofMinutes(1));
    use(limits, Endpoint.REGISTER, client, 5);
    clock.advance(Duration.ofMinutes(1));
    use(limits, Endpoint.REGISTER, client, 2);

    Optional<Duration> refused = limits.check(Endpoint.REGISTER, client);

    Instant midnight = Instant.parse("2026-03-02T00:00:00Z");
    assertThat(refused).contains(Duration.between(clock.instant(), midnight));
    clock.advance(Duration.ofHours(1));
    assertThat(limits.check(Endpoint.REGISTER, client)).as("still the same day").isPresent();
    clock.advance(Duration.between(clock.instant(), midnight));
    use(limits, Endpoint.REGISTER, client, 5);
  }

  @Test
  void aCallRefusedForTheMinuteDoesNotSpendTheDaysBudget() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Limit.REGISTER_PER_MINUTE, 2, Limit.REGISTER_PER_DAY, 4));
    InetAddress client = ip("203.0.113.7");
    use(limits, Endpoint.REGISTER, client, 2);
    for (int i = 0; i < 10; i++) {
      assertThat(limits.check(Endpoint.REGISTER, client)).isPresent();
    }

    clock.advance(Duration.ofMinutes(1));

    use(limits, Endpoint.REGISTER, client, 2);
  }

  @Test
  void eachClientAtAnAddressHasItsOwnTokenBudget() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock);
    InetAddress shared = ip("203.0.113.7");
    useAs(limits, Endpoint.TOKEN, shared, "noisy", 60);
    assertThat(limits.checkClient(Endpoint.TOKEN, shared, Optional.of("noisy"))).isPresent();

    useAs(limits, Endpoint.TOKEN, shared, "honest", 60);
    useAs(limits, Endpoint.TOKEN, ip("203.0.113.8"), "noisy", 60);
    assertThat(limits.checkClient(Endpoint.TOKEN, shared, Optional.empty())).as("no client named").isEmpty();
  }

  @Test
  void revocationHasBudgetsOfItsOwn() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock);
    InetAddress client = ip("203.0.113.7");
    use(limits, Endpoint.TOKEN, client, 600);
    useAs(limits, Endpoint.TOKEN, client, "agent", 60);
    assertThat(limits.check(Endpoint.TOKEN, client)).isPresent();
    assertThat(limits.checkClient(Endpoint.TOKEN, client, Optional.of("agent"))).isPresent();

    use(limits, Endpoint.REVOKE, client, 1);
    useAs(limits, Endpoint.REVOKE, client, "agent", 1);
  }

  @Test
  void anAddressInventingClientIdsIsStillBoundedByItsOwnBudget() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock, Map.of(Limit.TOKEN_PER_ADDRESS, 3));
    InetAddress client = ip("203.0.113.7");
    for (int i = 0; i < 3; i++) {
      assertThat(limits.check(Endpoint.TOKEN, client)).isEmpty();
      useAs(limits, Endpoint.TOKEN, client, "invented-" + i, 1);
    }

    assertThat(limits.check(Endpoint.TOKEN, client)).isPresent();
  }

  @Test
  void registrationAndAuthorizationHaveNoBudgetPerClient() throws UnknownHostException {
    IpRateLimits limits = new IpRateLimits(clock);

    assertThatThrownBy(() -> limits.checkClient(Endpoint.REGISTER, ip("203.0.113.7"), Optional.of("c")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new IpRateLimits(clock, Map.of(Limit.TOKEN_PER_CLIENT, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TOKEN_PER_CLIENT");
  }
}
