package dev.calendlymcp.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {

  @Test
  void theDefaultsAreTheProductSpecUserLimitsAndCalendlysBookingAndOauthBudgets() {
    RateLimitSettings settings = RateLimitSettings.defaults();

    assertThat(settings.userLimit()).isEqualTo(60);
    assertThat(settings.enterpriseUserLimit()).isEqualTo(120);
    assertThat(settings.freePlanUserLimit()).isEqualTo(50);
    assertThat(settings.paidPlanUserLimit()).isEqualTo(500);
    assertThat(settings.window()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.safetyMargin()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.defaultBookingTier()).isEqualTo(BookingTier.PAID);
    assertThat(settings.bookingLimits(BookingTier.PAID))
        .isEqualTo(new BookingLimits(OptionalInt.of(10), OptionalInt.of(50), OptionalInt.of(100)));
    assertThat(settings.bookingLimits(BookingTier.ENTERPRISE).perMinute()).hasValue(500);
    assertThat(settings.bookingLimits(BookingTier.TRIAL).perDay()).hasValue(5);
    assertThat(settings.bookingLimits(BookingTier.FREE)).isEqualTo(BookingLimits.TRIAL);
    assertThat(settings.oauthTokenLimit()).isEqualTo(8);
    assertThat(settings.idleExpiry()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aBuilderChangesOnlyWhatItIsTold() {
    RateLimitSettings settings =
        RateLimitSettings.defaults().toBuilder().userLimit(500).safetyMargin(Duration.ZERO).build();

    assertThat(settings.userLimit()).isEqualTo(500);
    assertThat(settings.safetyMargin()).isZero();
    assertThat(settings.window()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void invalidValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> RateLimitSettings.builder().userLimit(0).build())
        .hasMessage("rateLimit.userLimit must be at least 1 (was 0)");
    assertThatThrownBy(() -> RateLimitSettings.builder().window(Duration.ofMillis(10)).build())
        .hasMessageStartingWith("rateLimit.window must be at least 1 s");
    assertThatThrownBy(
            () -> RateLimitSettings.builder().safetyMargin(Duration.ofMillis(-1)).build())
        .hasMessageStartingWith("rateLimit.safetyMargin must be between 0 and 10 s");
    assertThatThrownBy(
            () ->
                RateLimitSettings.builder()
                    .window(Duration.ofSeconds(2))
                    .safetyMargin(Duration.ofSeconds(1))
                    .build())
        .hasMessageStartingWith(
            "rateLimit.safetyMargin must be at most a quarter of rateLimit.window");
    assertThatThrownBy(() -> RateLimitSettings.builder().freePlanUserLimit(500).build())
        .hasMessageStartingWith("rateLimit.freePlanUserLimit must differ from rateLimit.paidPlanUserLimit");
    assertThatThrownBy(() -> BookingLimits.NONE.withPerHour(0))
        .hasMessage("bookingLimits.perHour must be at least 1 (was 0)");
  }

  @Test
  void everyTierNeedsBookingLimits() {
    RateLimitSettings defaults = RateLimitSettings.defaults();

    assertThatThrownBy(
            () ->
                new RateLimitSettings(
                    60,
                    120,
                    50,
                    500,
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    BookingTier.PAID,
                    Map.of(BookingTier.PAID, BookingLimits.PAID),
                    8,
                    Duration.ofMinutes(1),
                    defaults.idleExpiry()))
        .hasMessageContaining("no entry for tier FREE");
  }
}
