package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.User;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsersApiTest extends WireMockCalendlyTest {

  @Test
  void meSendsTheBearerTokenAndReadsEveryField() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))));

    User user = client.users().me().block();

    assertThat(user).isNotNull();
    assertThat(user.uri()).isEqualTo(URI.create("https://api.calendly.com/users/AAAAAAAAAAAAAAAA"));
    assertThat(user.name()).isEqualTo("John Doe");
    assertThat(user.slug()).isEqualTo("acmesales");
    assertThat(user.email()).isEqualTo("test@example.com");
    assertThat(user.schedulingUrl()).isEqualTo(URI.create("https://calendly.com/acmesales"));
    assertThat(user.timezone()).isEqualTo("America/New York");
    assertThat(user.timeNotation()).isEqualTo("12h");
    assertThat(user.avatarUrl()).isNull();
    assertThat(user.locale()).isEqualTo("en");
    assertThat(user.createdAt()).isEqualTo(Instant.parse("2019-01-02T03:04:05.678123Z"));
    assertThat(user.updatedAt()).isEqualTo(Instant.parse("2019-08-07T06:05:04.321123Z"));
    assertThat(user.currentOrganization())
        .isEqualTo(URI.create("https://api.calendly.com/organizations/AAAAAAAAAAAAAAAA"));
    assertThat(user.resourceType()).isEqualTo("User");
    wm.verify(
        getRequestedFor(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void gzipResponsesAreAskedForAndDecoded() throws java.io.IOException {
    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
      gzip.write(fixture("user.json").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .withHeader("Accept-Encoding", com.github.tomakehurst.wiremock.client.WireMock.containing("gzip"))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Content-Encoding", "gzip")
                    .withBody(zipped.toByteArray())));

    User user = client.users().me().block();

    assertThat(user).isNotNull();
    assertThat(user.email()).isEqualTo("test@example.com");
  }

  @Test
  void getAcceptsAUriAndSendsOnlyItsUuid() {
    wm.stubFor(get(urlPathEqualTo("/users/AAAAAAAAAAAAAAAA")).willReturn(okJson(fixture("user.json"))));

    User user = client.users().get("https://api.calendly.com/users/AAAAAAAAAAAAAAAA").block();

    assertThat(user).isNotNull();
    assertThat(user.email()).isEqualTo("test@example.com");
  }

  @Test
  void getRejectsAMalformedReferenceBeforeSendingAnything() {
    assertThatThrownBy(() -> client.users().get("not a uuid!").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
