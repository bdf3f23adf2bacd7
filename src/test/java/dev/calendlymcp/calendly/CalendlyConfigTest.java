package dev.calendlymcp.calendly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalendlyConfigTest {

  @Test
  void defaultsPointAtCalendly() {
    CalendlyConfig config = CalendlyConfig.fromEnvironment(Map.of());

    assertThat(config.apiBaseUrl()).isEqualTo(URI.create("https://api.calendly.com"));
    assertThat(config.authBaseUrl()).isEqualTo(URI.create("https://auth.calendly.com"));
    assertThat(config.http2()).isFalse();
  }

  @Test
  void environmentOverridesEachSetting() {
    CalendlyConfig config =
        CalendlyConfig.fromEnvironment(
            Map.of(
                "CALENDLY_API_BASE_URL", "http://127.0.0.1:8081/",
                "CALENDLY_AUTH_BASE_URL", "http://127.0.0.1:8082",
                "CALENDLY_HTTP2", "true",
                "CALENDLY_CONNECT_TIMEOUT_MS", "250",
                "CALENDLY_RESPONSE_TIMEOUT_MS", "1500"));

    assertThat(config.apiBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
    assertThat(config.authBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:8082"));
    assertThat(config.http2()).isTrue();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.responseTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> CalendlyConfig.fromEnvironment(Map.of("CALENDLY_API_BASE_URL", "ftp://x")))
        .hasMessageContaining("CALENDLY_API_BASE_URL");
    assertThatThrownBy(() -> CalendlyConfig.fromEnvironment(Map.of("CALENDLY_RESPONSE_TIMEOUT_MS", "-5")))
        .hasMessageContaining("CALENDLY_RESPONSE_TIMEOUT_MS");
    assertThatThrownBy(() -> CalendlyConfig.fromEnvironment(Map.of("CALENDLY_HTTP2", "maybe")))
        .hasMessageContaining("CALENDLY_HTTP2");
  }

  @Test
  void rateLimitHeadersAreParsedLeniently() {
    Map<String, String> headers =
        Map.of("X-RateLimit-Limit", "500", "X-RateLimit-Remaining", "12", "X-RateLimit-Reset", "41", "Retry-After", "0.5");

    RateLimitHeaders parsed = RateLimitHeaders.parse(headers::get);

    assertThat(parsed.limit()).hasValue(500);
    assertThat(parsed.remaining()).hasValue(12);
    assertThat(parsed.reset()).contains(Duration.ofSeconds(41));
    assertThat(parsed.retryAfter()).contains(Duration.ofMillis(500));
    assertThat(RateLimitHeaders.parse(Map.of("X-RateLimit-Limit", "lots", "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")::get).isEmpty())
        .isTrue();
  }

  @Test
  void scopesUseCalendlysSpelling() {
    assertThat(Endpoint.CREATE_INVITEE.scope().wireName()).isEqualTo("scheduled_events:write");
    assertThat(Endpoint.DELETE_INVITEE_DATA.scope().wireName()).isEqualTo("data_compliance:write");
    // The seeds' 28 and Get Organization, 10 for event type writes, hosts, hours, locations, no-shows
    // and shares, 22 more for the whole API of today, 8 for share, schedule and contact writes, 8
    // for Lists, single notes and custom field definitions, and 3 OAuth calls.
    assertThat(Endpoint.values()).hasSize(29 + 10 + 22 + 8 + 8 + 3);
    assertThat(Endpoint.GET_EVENT_INVITEE.toString()).isEqualTo("GET /scheduled_events/{event_uuid}/invitees/{invitee_uuid}");
  }

  @Test
  void cachingCanBeSwitchedOffFromTheEnvironment() {
    assertThat(ClientOptions.fromEnvironment(Map.of()).cachePolicy().ttl(Endpoint.GET_CURRENT_USER)).isPositive();
    assertThat(ClientOptions.fromEnvironment(Map.of("CALENDLY_CACHE", "off")).cachePolicy().ttl(Endpoint.GET_CURRENT_USER)).isZero();
    assertThatThrownBy(() -> ClientOptions.fromEnvironment(Map.of("CALENDLY_CACHE", "sometimes"))).hasMessageContaining("CALENDLY_CACHE");
  }
}
