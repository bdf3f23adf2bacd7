package dev.calendlymcp.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.webhooks.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our verifier against the sandbox's independent signer, and the headers it must not accept. */
class WebhookSignatureTest {

  private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
  private static final byte[] BODY = "{\"event\":\"invitee.created\"}".getBytes(StandardCharsets.UTF_8);
  private static final WebhookSigningKey KEY = new WebhookSigningKey("the-key");

  private static WebhookSignature.Verdict check(String header, WebhookSigningKey... keys) {
    return WebhookSignature.check(List.of(header), BODY, List.of(keys), NOW);
  }

  @Test
  void aSignatureMadeTheWaySandboxAndCalendlyMakeItIsValidUnderAnyOfTheCandidateKeys() {
    String header = WebhookSignatures.header("the-key", NOW.getEpochSecond(), BODY);

    assertThat(check(header, KEY)).isEqualTo(WebhookSignature.Verdict.VALID);
    assertThat(check(header, new WebhookSigningKey("old-key"), KEY)).isEqualTo(WebhookSignature.Verdict.VALID);
    assertThat(check(header, new WebhookSigningKey("old-key"))).isEqualTo(WebhookSignature.Verdict.MISMATCH);
    assertThat(check(header)).as("no key configured").isEqualTo(WebhookSignature.Verdict.MISMATCH);
  }

  @Test
  void oneMatchingEntryAmongSeveralV1EntriesAndUnknownSchemesIsValid() {
    String good = WebhookSignatures.header("the-key", NOW.getEpochSecond(), BODY);
    String v1 = good.substring(good.indexOf("v1="));

    assertThat(check("t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + "," + v1 + ",v2=zzz", KEY))
        .isEqualTo(WebhookSignature.Verdict.VALID);
  }

  @Test
  void timestampsBeyondThreeMinutesEitherWayAreStaleAndThreeMinutesIsNot() {
    long now = NOW.getEpochSecond();

    assertThat(check(WebhookSignature.sign(KEY, now - 180, BODY), KEY)).isEqualTo(WebhookSignature.Verdict.VALID);
    assertThat(check(WebhookSignature.sign(KEY, now - 181, BODY), KEY)).isEqualTo(WebhookSignature.Verdict.STALE);
    assertThat(check(WebhookSignature.sign(KEY, now + 181, BODY), KEY)).isEqualTo(WebhookSignature.Verdict.STALE);
  }

  @Test
  void headersThatAreNotTimestampAndHexSignatureAreMalformedAndNoHeaderIsMissing() {
    long now = NOW.getEpochSecond();
    for (String header : List.of("", "v1=" + "a".repeat(64), "t=" + now, "t=" + now + ",v1=xyz",
        "t=abc,v1=" + "a".repeat(64), "t=" + now + ",t=" + now + ",v1=" + "a".repeat(64), "garbage")) {
      assertThat(check(header, KEY)).as(header).isEqualTo(WebhookSignature.Verdict.MALFORMED);
    }
    String good = WebhookSignature.sign(KEY, now, BODY);
    assertThat(WebhookSignature.check(List.of(good, good), BODY, List.of(KEY), NOW))
        .as("two headers").isEqualTo(WebhookSignature.Verdict.MALFORMED);
    assertThat(WebhookSignature.check(List.of(), BODY, List.of(KEY), NOW)).isEqualTo(WebhookSignature.Verdict.MISSING);
  }
}
