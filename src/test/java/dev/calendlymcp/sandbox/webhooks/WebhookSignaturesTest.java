package dev.calendlymcp.sandbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

  private static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration TOLERANCE = Duration.ofMinutes(3);
  private static final String KEY = "whsec-test-key";
  private static final byte[] BODY = "{\"event\":\"invitee.created\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void theSignatureIsTheHexHmacOfTimestampDotBody() {
    // Computed independently: python3 hmac.new(key, b"1772625600." + body, sha256).hexdigest()
    assertThat(WebhookSignatures.header(KEY, T, BODY))
        .isEqualTo("t=1772625600,v1=4139cf874c30965df72bf2f5108eb1dabf47b78b3e798a48d50574db7a978fae");
  }

  @Test
  void aSignatureVerifiesWithItsKeyAndBody() {
    String header = WebhookSignatures.header(KEY, T, BODY);

    assertThat(WebhookSignatures.verify(header, BODY, KEY, CLOCK, TOLERANCE)).isTrue();
    assertThat(WebhookSignatures.verify(header, new String(BODY, StandardCharsets.UTF_8), KEY, CLOCK, TOLERANCE)).isTrue();
  }

  @Test
  void aTamperedBodyOrAnotherKeyFails() {
    String header = WebhookSignatures.header(KEY, T, BODY);

    assertThat(WebhookSignatures.verify(header, "{\"event\":\"invitee.canceled\"}", KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify(header, BODY, "another-key", CLOCK, TOLERANCE)).isFalse();
  }

  @Test
  void aTimestampOutsideTheToleranceFailsEitherWay() {
    String old = WebhookSignatures.header(KEY, T - 181, BODY);
    String edge = WebhookSignatures.header(KEY, T - 180, BODY);
    String future = WebhookSignatures.header(KEY, T + 181, BODY);

    assertThat(WebhookSignatures.verify(old, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify(edge, BODY, KEY, CLOCK, TOLERANCE)).isTrue();
    assertThat(WebhookSignatures.verify(future, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
  }

  @Test
  void aTimestampChangedAfterSigningFails() {
    String header = WebhookSignatures.header(KEY, T, BODY).replace("t=" + T, "t=" + (T + 1));

    assertThat(WebhookSignatures.verify(header, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
  }

  @Test
  void anyOfSeveralV1SignaturesMayMatch() {
    String current = WebhookSignatures.header(KEY, T, BODY);
    String rotated = "t=" + T + ",v1=" + "0".repeat(64) + "," + current.substring(current.indexOf("v1="));

    assertThat(WebhookSignatures.verify(rotated, BODY, KEY, CLOCK, TOLERANCE)).isTrue();
  }

  @Test
  void malformedHeadersAreNotValid() {
    String v1 = WebhookSignatures.header(KEY, T, BODY).substring(("t=" + T + ",").length());

    assertThat(WebhookSignatures.verify(null, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify("", BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify(v1, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify("t=" + T, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify("t=abc," + v1, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify("t=" + T + ",t=" + T + "," + v1, BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify("t=" + T + ",v1=xyz", BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify("garbage", BODY, KEY, CLOCK, TOLERANCE)).isFalse();
    assertThat(WebhookSignatures.verify(WebhookSignatures.header(KEY, T, BODY), BODY, "", CLOCK, TOLERANCE)).isFalse();
  }

  @Test
  void aNegativeToleranceIsAProgrammingError() {
    assertThatThrownBy(() -> WebhookSignatures.verify("t=1,v1=00", BODY, KEY, CLOCK, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance");
  }

  @Test
  void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
    WebhookDeliverySettings settings =
        WebhookDeliverySettings.defaults().withRetries(10, Duration.ofMinutes(1), Duration.ofMinutes(10));

    assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofMinutes(8));
    assertThat(settings.backoffAfter(5)).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.backoffAfter(60)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void deliverySettingsNameTheBadField() {
    assertThatThrownBy(() -> WebhookDeliverySettings.defaults().withRetries(0, Duration.ofMinutes(1), Duration.ofMinutes(1)))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> WebhookDeliverySettings.defaults().withRetries(3, Duration.ofMinutes(2), Duration.ofMinutes(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> WebhookDeliverySettings.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> WebhookDeliverySettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("readTimeout");
  }

  @Test
  void deliveriesWaitTenSecondsToConnectAndFifteenToReadAsCalendlyDoes() {
    WebhookDeliverySettings settings = WebhookDeliverySettings.defaults();

    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(15));
  }
}
