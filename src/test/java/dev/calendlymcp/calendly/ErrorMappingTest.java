package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every way a call can fail maps to one exception type with a message an operator can act on. */
class ErrorMappingTest extends WireMockCalendlyTest {

  private CalendlyException failureOf(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(response));
    CalendlyException e =
        catchThrowableOfType(CalendlyException.class, () -> client.users().me().block());
    assertThat(e).as("the call should have failed").isNotNull();
    assertThat(e.getMessage()).doesNotContain(TOKEN).startsWith("GET /users/me: ");
    assertThat(e.endpoint()).isEqualTo(Endpoint.GET_CURRENT_USER);
    return e;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Test
  void badRequestCarriesEveryDetail() {
    CalendlyException e =
        failureOf(
            json(
                400,
                """
                {"title":"Invalid Argument","message":"The supplied parameters are invalid.",
                 "details":[{"parameter":"start_time","message":"must be in the future"},
                            {"parameter":"end_time","message":"must be after start_time"}]}"""));

    assertThat(e).isInstanceOf(CalendlyException.BadRequest.class);
    CalendlyException.BadRequest bad = (CalendlyException.BadRequest) e;
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.details())
        .containsExactly(
            new CalendlyException.FieldError("start_time", "must be in the future"),
            new CalendlyException.FieldError("end_time", "must be after start_time"));
    assertThat(e.getMessage())
        .contains("Invalid Argument", "start_time: must be in the future", "end_time: must be after start_time");
    assertThat(e.mayHaveBeenPerformed()).isFalse();
    assertThat(e.isTransient()).isFalse();
  }

  @Test
  void unauthenticatedSaysTheTokenMustBeReplaced() {
    CalendlyException e =
        failureOf(json(401, "{\"title\":\"Unauthenticated\",\"message\":\"The access token is expired\"}"));

    assertThat(e).isInstanceOf(CalendlyException.Unauthenticated.class);
    assertThat(e.getMessage()).contains("401 Unauthenticated: The access token is expired", "create a new token");
  }

  @Test
  void permissionDeniedNamesTheScopeTheCallNeeds() {
    CalendlyException e =
        failureOf(json(403, "{\"title\":\"Permission Denied\",\"message\":\"You do not have permission\"}"));

    assertThat(e).isInstanceOf(CalendlyException.PermissionDenied.class);
    assertThat(e.getMessage()).contains("users:read", "paid plan");
  }

  @Test
  void aRefusedAvailableTimesCallNamesBothScopesCalendlysPagesGiveIt() {
    CalendlyException e =
        new CalendlyException.PermissionDenied(
            Endpoint.LIST_EVENT_TYPE_AVAILABLE_TIMES, "Permission Denied", "You do not have permission");

    assertThat(e.getMessage()).contains("the event_types:read or the availability:read scope");
  }

  @Test
  void everyScopeOfCalendlysCatalogIsKnownByItsWireName() {
    assertThat(java.util.Arrays.stream(Endpoint.Scope.values()).map(Endpoint.Scope::wireName))
        .contains(
            "availability:write", "locations:read", "routing_forms:read", "shares:read", "shares:write", "groups:read",
            "activity_log:read", "outgoing_communications:read", "contacts:read", "contacts:write",
            "meeting_recaps:read", "meeting_recaps:write")
        .hasSize(24);
  }

  @Test
  void notFoundSuggestsListingTheParent() {
    CalendlyException e =
        failureOf(json(404, "{\"title\":\"Resource Not Found\",\"message\":\"The server could not find the requested resource.\"}"));

    assertThat(e).isInstanceOf(CalendlyException.NotFound.class);
    assertThat(e.getMessage()).contains("Resource Not Found", "Check the URI");
  }

  @Test
  void tooManyRequestsCarriesRetryAfter() {
    CalendlyException e =
        failureOf(
            json(429, "{\"title\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}")
                .withHeader("Retry-After", "17")
                .withHeader("X-RateLimit-Limit", "60")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "17"));

    assertThat(e).isInstanceOf(CalendlyException.RateLimited.class);
    assertThat(((CalendlyException.RateLimited) e).retryAfter()).contains(Duration.ofSeconds(17));
    assertThat(e.getMessage()).contains("All 60 requests of this rate-limit window are used up. Retry after 17 s");
    assertThat(e.isTransient()).isTrue();
    assertThat(e.mayHaveBeenPerformed()).isFalse();
    assertThat(observations).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(429);
      assertThat(o.headers().limit()).hasValue(60);
      assertThat(o.headers().remaining()).hasValue(0);
      assertThat(o.headers().reset()).contains(Duration.ofSeconds(17));
    });
  }

  @Test
  void calendlysDocumentedTooManyRequestsSaysWhenToRetryFromTheReset() {
    CalendlyException e =
        failureOf(
            json(429, "{\"title\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}")
                .withHeader("X-RateLimit-Limit", "500")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "42"));

    CalendlyException.RateLimited limited = (CalendlyException.RateLimited) e;
    assertThat(limited.retryAfter()).isEmpty();
    assertThat(limited.waitHint()).contains(Duration.ofSeconds(42));
    assertThat(limited.headers().limit()).hasValue(500);
    assertThat(e.getMessage()).contains("All 500 requests of this rate-limit window are used up. Retry after 42 s");
  }

  @Test
  void serverErrorIsTransient() {
    CalendlyException e =
        failureOf(json(500, "{\"title\":\"Internal Server Error\",\"message\":\"Something went wrong\"}"));

    assertThat(e).isInstanceOf(CalendlyException.ServerError.class);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("retry later");
  }

  @Test
  void anErrorBodyThatIsNotJsonStillMapsByStatus() {
    CalendlyException e =
        failureOf(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html>Bad gateway</html>"));

    assertThat(e).isInstanceOf(CalendlyException.ServerError.class);
    assertThat(e.getMessage()).contains("502", "not Calendly's JSON").doesNotContain("<html>");
  }

  @Test
  void malformedJsonOnSuccessIsAClearErrorWithoutTheBody() {
    CalendlyException e =
        failureOf(okJson("{\"resource\": {\"uri\": \"https://api.calendly.com/users/A\", \"name\": \"se"));

    assertThat(e).isInstanceOf(CalendlyException.MalformedResponse.class);
    assertThat(e.getMessage()).contains("200", "not valid JSON at line").doesNotContain("users/A");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void aWrongShapeNamesTheField() {
    CalendlyException e = failureOf(okJson("{\"resource\": {\"created_at\": {\"not\": \"a date\"}}}"));

    assertThat(e).isInstanceOf(CalendlyException.MalformedResponse.class);
    assertThat(e.getMessage()).contains("unexpected JSON shape", "created_at");
  }

  @Test
  void aMissingEnvelopeIsMalformed() {
    CalendlyException e = failureOf(okJson("{\"collection\": []}"));

    assertThat(e).isInstanceOf(CalendlyException.MalformedResponse.class);
    assertThat(e.getMessage()).contains("no \"resource\"");
  }

  @Test
  void anEmptySuccessBodyIsMalformed() {
    CalendlyException e = failureOf(aResponse().withStatus(200));

    assertThat(e).isInstanceOf(CalendlyException.MalformedResponse.class);
    assertThat(e.getMessage()).contains("empty");
  }

  @Test
  void aConnectionResetMayHaveReachedCalendly() {
    CalendlyException e = failureOf(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    assertThat(e).isInstanceOf(CalendlyException.ConnectionFailed.class);
    assertThat(e.mayHaveBeenPerformed()).isTrue();
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("broke before the response arrived");
  }

  @Test
  void anEmptyResponseFromAClosingServerIsAConnectionFailure() {
    CalendlyException e = failureOf(aResponse().withFault(Fault.EMPTY_RESPONSE));

    assertThat(e).isInstanceOf(CalendlyException.ConnectionFailed.class);
  }

  @Test
  void aResponseSlowerThanTheTimeoutIsATimeout() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json")).withFixedDelay(3_000)));
    CalendlyException e;
    try (CalendlyHttp impatient = CalendlyHttp.create(config().withResponseTimeout(java.time.Duration.ofMillis(800)))) {
      e = catchThrowableOfType(CalendlyException.class,
          () -> CalendlyClient.create(impatient, AccessToken.of(TOKEN), ClientOptions.direct()).users().me().block());
    }

    assertThat(e).isInstanceOf(CalendlyException.Timeout.class);
    assertThat(e.mayHaveBeenPerformed()).isTrue();
    assertThat(e.getMessage()).contains("no response from Calendly within 800 ms");
  }

  @Test
  void aRefusedConnectionCertainlyDidNotReachCalendly() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (CalendlyHttp nowhere =
        CalendlyHttp.create(config().withApiBaseUrl(java.net.URI.create("http://127.0.0.1:" + closedPort)))) {
      CalendlyClient unreachable = CalendlyClient.create(nowhere, AccessToken.of(TOKEN), ClientOptions.direct());

      CalendlyException e =
          catchThrowableOfType(CalendlyException.class, () -> unreachable.users().me().block());

      assertThat(e).isInstanceOf(CalendlyException.ConnectionFailed.class);
      assertThat(e.mayHaveBeenPerformed()).isFalse();
      assertThat(e.getMessage()).contains("could not connect").doesNotContain(TOKEN);
    }
  }
}
